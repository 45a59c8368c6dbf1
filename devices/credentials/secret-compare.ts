import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets (codes, digests, tokens) in time that does not depend on where they
 * differ, so a client cannot learn a code byte by byte from response times.
 */
export function secretsEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}
