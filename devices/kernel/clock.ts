/**
 * Time as the devices see it. Every expiry (challenges, codes, QR codes, lockouts, sessions)
 * reads this port, so tests and `POST /__sim/clock/advance` can move time without waiting.
 * Devices never call Date.now() or setTimeout themselves.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, in virtual time. */
  now(): number;
}

/** A clock that only moves when told to: for tests and deterministic suites. */
export class ManualClock implements Clock {
  #now: number;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance a clock by ${ms} ms`);
    this.#now += ms;
    return this.#now;
  }
}
