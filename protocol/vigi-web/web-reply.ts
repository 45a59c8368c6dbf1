import { isRefusal, type Refusal } from '../../devices/kernel/vendor-errors.js';

/**
 * Reply bodies of the VIGI web API, before URL-encoding: success echoes the module with
 * `error_code` 0; a refusal carries its vendor code, data such as `sec_left`, and `msg`
 * (ours) saying why in words.
 */
export type WebReply = Record<string, unknown> & { error_code: number };

export function refusalReply(refusal: Refusal): WebReply {
  return { error_code: refusal.code, msg: refusal.message, ...(refusal.data ? { data: refusal.data } : {}) };
}

export function moduleReply(module: string, body: Record<string, unknown>): WebReply {
  return { [module]: body, error_code: 0 };
}

/** A module reply for a value, or the refusal reply when it is one. */
export function replyFor<T extends object>(module: string, outcome: T | Refusal, shape: (value: T) => Record<string, unknown>): WebReply {
  return isRefusal(outcome) ? refusalReply(outcome) : moduleReply(module, shape(outcome));
}
