import { createCipheriv } from 'node:crypto';
import { SeededRng } from '../../devices/kernel/rng.js';

/**
 * Drawing helpers on top of the devices' SeededRng (SHA-256 in counter mode), so a fuzz case is
 * a pure function of (seed, index): `new FuzzRandom(`${seed}/${index}`)` replays it exactly.
 */
export class FuzzRandom {
  readonly #rng: SeededRng;

  constructor(seed: string | number) {
    this.#rng = new SeededRng(seed);
  }

  /**
   * Small draws come from the SeededRng itself; large ones (100 KB strings) from AES-256-CTR
   * keyed by it, which is as reproducible and avoids the SeededRng's per-block buffer copies.
   */
  bytes(length: number): Buffer {
    if (length <= 256) return Buffer.from(this.#rng.bytes(length));
    const cipher = createCipheriv('aes-256-ctr', this.#rng.bytes(32), this.#rng.bytes(16));
    return Buffer.concat([cipher.update(Buffer.alloc(length)), cipher.final()]);
  }

  /** An integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    if (maxExclusive <= 1) return 0;
    return this.bytes(4).readUInt32BE(0) % maxExclusive;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.int(1_000_000) < probability * 1_000_000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** One of `choices`, each with its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((sum, [weight]) => sum + weight, 0);
    let at = this.int(total);
    for (const [weight, value] of choices) {
      if (at < weight) return value;
      at -= weight;
    }
    return choices[choices.length - 1]![1];
  }

  /** `length` characters drawn from `alphabet` (fast enough for 100 KB strings). */
  string(length: number, alphabet: string): string {
    const symbols = [...alphabet];
    const bytes = this.bytes(length * 2);
    if (symbols.every((symbol) => symbol.length === 1 && symbol.charCodeAt(0) < 256)) {
      const table = Buffer.from(symbols.join(''), 'latin1');
      const out = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) out[i] = table[bytes.readUInt16BE(i * 2) % table.length]!;
      return out.toString('latin1');
    }
    const out: string[] = [];
    for (let i = 0; i < length; i++) out.push(symbols[bytes.readUInt16BE(i * 2) % symbols.length]!);
    return out.join('');
  }
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const PRINTABLE = `${ALNUM} !"#$%&'()*+,-./:;<=>?@[\\]^_\`{|}~`;
export const UNICODE = 'aé€😀中文עברית\u0301\u200b\u2028\u2029\ufeff\u0000\u0007\t\n\r\\"🏳️‍🌈𝔘';
