import { timingSafeEqual } from 'node:crypto';
import { digest } from './digest.js';

/**
 * Compares two secrets (codes, digests, tokens) in time that does not depend on where they
 * differ, so a client cannot learn a code byte by byte from response times.
 */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest('sha256', a), digest('sha256', b));
}
