import { refuse } from '../kernel/vendor-errors.js';
import { done, emit } from '../kernel/device-effect.js';
import type { AccountState, AccountStep } from './account-state.js';

/**
 * The VIGI OpenAPI switch (web UI: Settings > Network Settings > OpenAPI). It lives in flash
 * with the password: off on a new or factory-reset device, kept across power cycles. Only an
 * activated device has it, since OpenAPI logs in with the admin password.
 */
export function setOpenApi<S extends AccountState>(state: S, enabled: boolean): AccountStep<S, Record<string, never>> {
  const { flash } = state;
  if (flash.status !== 'activated') return { state, effects: [], outcome: refuse('UNAUTHENTICATED', 'A factory-fresh device has no OpenAPI: activate it first.') };
  if ((flash.openapi === true) === enabled) return { state, effects: [], outcome: done };
  const { openapi: _was, ...rest } = flash;
  return { state: { ...state, flash: enabled ? { ...rest, openapi: true } : rest }, effects: [emit('openapi-switched', { enabled })], outcome: done };
}

/** Whether a device's OpenAPI is on. */
export function openApiOn(flash: AccountState['flash']): boolean {
  return flash.status === 'activated' && flash.openapi === true;
}
