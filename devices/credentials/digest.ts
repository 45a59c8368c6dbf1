import * as crypto from 'node:crypto';

/**
 * One-shot digests of short text: `crypto.hash` (Node >= 20.12) makes no Hash object, which
 * costs more than hashing a few bytes; older Node falls back to createHash.
 */
type OneShot = (algorithm: string, data: string, outputEncoding: 'buffer') => Buffer;
const oneShot = (crypto as { hash?: OneShot }).hash;

export function digest(algorithm: 'md5' | 'sha256', text: string): Buffer {
  return oneShot ? oneShot(algorithm, text, 'buffer') : crypto.createHash(algorithm).update(text, 'utf8').digest();
}
