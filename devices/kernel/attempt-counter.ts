/**
 * Counts failures of one kind of guess (logins, codes, answers) and locks that door for a while
 * after too many. Pure values: every function returns a new counter.
 */
export interface AttemptCounter {
  readonly failures: number;
  /** Virtual ms until which the door is locked. */
  readonly lockedUntil?: number;
}

export interface AttemptPolicy {
  readonly maxFailures: number;
  readonly lockMs: number;
}

export const freshCounter: AttemptCounter = { failures: 0 };

/** Seconds left on the lock (rounded up), or 0 when not locked. */
export function secondsLocked(counter: AttemptCounter, now: number): number {
  if (counter.lockedUntil === undefined || counter.lockedUntil <= now) return 0;
  return Math.ceil((counter.lockedUntil - now) / 1000);
}

/** A lock that has run out is forgotten, failures and all. */
export function expireLock(counter: AttemptCounter, now: number): AttemptCounter {
  return counter.lockedUntil !== undefined && counter.lockedUntil <= now ? freshCounter : counter;
}

export function recordFailure(counter: AttemptCounter, policy: AttemptPolicy, now: number): AttemptCounter {
  const failures = expireLock(counter, now).failures + 1;
  return failures >= policy.maxFailures ? { failures, lockedUntil: now + policy.lockMs } : { failures };
}
