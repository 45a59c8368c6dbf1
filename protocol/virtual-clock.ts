import type { Clock } from '../devices/kernel/clock.js';

/**
 * The running emulator's clock: wall time plus an offset that `POST /__sim/clock/advance`
 * grows. Every expiry reads it, so a tester can jump past the support QR's five minutes.
 */
export class VirtualClock implements Clock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.#offsetMs += ms;
    return this.now();
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }
}
