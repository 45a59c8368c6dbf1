import { createHash, randomBytes, randomFillSync } from 'node:crypto';

/**
 * Randomness as the devices see it: nonces, stoks, reset tokens, identities. Injected so a
 * seeded run is reproducible (`--seed`), and so tests can predict what a device will say.
 */
export interface Rng {
  bytes(length: number): Uint8Array;
}

/** Requests up to this size are served from a pool refilled this many bytes at a time. */
const CRYPTO_POOL_BYTES = 4096;
const POOLED_UP_TO = 256;

/**
 * Operating-system randomness, for runs without a seed. Small draws (nonces, stoks, tokens:
 * 4 to 32 bytes) come from a pool filled by one randomFillSync call per 4 KiB, since a call per
 * draw costs more than the step that wants it; every byte is still used once only.
 */
export class CryptoRng implements Rng {
  readonly #pool = new Uint8Array(CRYPTO_POOL_BYTES);
  #offset = CRYPTO_POOL_BYTES;

  bytes(length: number): Uint8Array {
    if (length > POOLED_UP_TO) return randomBytes(length);
    if (this.#offset + length > CRYPTO_POOL_BYTES) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    // A copy, so a caller that keeps (or changes) its bytes never shares memory with the pool.
    const out = this.#pool.slice(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }
}

/**
 * Deterministic randomness from a seed: SHA-256 in counter mode. Not for secrets that must
 * resist an attacker, which is fine: a seeded run exists to be replayed.
 */
export class SeededRng implements Rng {
  readonly #seed: string;
  #counter = 0;
  #pool = Buffer.alloc(0);

  constructor(seed: number | string) {
    this.#seed = String(seed);
  }

  bytes(length: number): Uint8Array {
    while (this.#pool.length < length) {
      const block = createHash('sha256').update(`${this.#seed}:${this.#counter++}`).digest();
      this.#pool = Buffer.concat([this.#pool, block]);
    }
    const out = this.#pool.subarray(0, length);
    this.#pool = this.#pool.subarray(length);
    return Uint8Array.from(out);
  }
}

/** Lower-case hexadecimal string of `chars` characters. */
export function randomHex(rng: Rng, chars: number): string {
  return Buffer.from(rng.bytes(Math.ceil(chars / 2))).toString('hex').slice(0, chars);
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A string drawn from [A-Za-z0-9], like the 8-character nonces of the VIGI challenge. */
export function randomAlphanumeric(rng: Rng, length: number): string {
  // 62 symbols: reject bytes >= 248 so every symbol is equally likely.
  let out = '';
  while (out.length < length) {
    for (const byte of rng.bytes(length)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/** A uniformly drawn integer in [0, maxExclusive). */
export function randomInt(rng: Rng, maxExclusive: number): number {
  const value = Buffer.from(rng.bytes(6)).readUIntBE(0, 6);
  return value % maxExclusive;
}
