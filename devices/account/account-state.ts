import type { AttemptCounter } from '../kernel/attempt-counter.js';
import type { Rng } from '../kernel/rng.js';
import type { Refusal } from '../kernel/vendor-errors.js';
import type { DeviceEffect } from '../kernel/device-effect.js';

/**
 * The admin account every VIGI device has, camera or NVR: activation state and password in
 * flash; challenges, sessions and the failure counter in RAM. Cameras and NVRs differ only in
 * their numbers (`max_time` 5 on cameras, 10 on NVRs).
 */
export type AccountFlash = { readonly status: 'factory-fresh' } | { readonly status: 'activated'; readonly adminMd5: string; readonly openapi?: boolean };

export interface AccountMemory {
  readonly challenges: readonly { readonly nonce: string; readonly issuedAt: number }[];
  readonly sessions: readonly { readonly stok: string; readonly lastSeen: number }[];
  readonly login: AttemptCounter;
}

export interface AccountState {
  readonly flash: AccountFlash;
  readonly memory: AccountMemory;
}

export interface AccountPolicy {
  readonly loginMaxFailures: number;
  readonly loginLockMs: number;
  readonly challengeValidMs: number;
  readonly challengesKept: number;
  readonly sessionIdleMs: number;
  readonly sessionsKept: number;
}

export interface AccountContext {
  readonly now: number;
  readonly rng: Rng;
  readonly policy: AccountPolicy;
}

/** One step on an account: the device state it belongs to, effects, and a reply or refusal. */
export interface AccountStep<S, T> {
  readonly state: S;
  readonly effects: readonly DeviceEffect[];
  readonly outcome: T | Refusal;
}
