import type { SuiteAction } from '../../scenarios/suite-types.js';
import { activateDriver, callDriver, forgetDriver, loginDriver, resetPasswordDriver } from './device-drivers.js';
import { nvrAddDriver, nvrChangePasswordDriver, nvrDriver, nvrTableDriver } from './nvr-drivers.js';
import { advanceDriver, appScanDriver, checkpointDriver, clearFaultDriver, detectDriver, factoryResetDriver, faultDriver, restoreDriver, supportCodeDriver } from './control-drivers.js';
import { openApiDriver, openApiEventDriver } from './openapi-driver.js';
import { mailDriver } from './mail-driver.js';
import type { SuiteContext } from './suite-context.js';

/** One driver per action kind: it performs the action and resolves with the reply to match. */
type Drivers = { readonly [K in SuiteAction['kind']]: (action: Extract<SuiteAction, { kind: K }>, ctx: SuiteContext) => Promise<unknown> };

const drivers: Drivers = {
  call: callDriver,
  login: loginDriver,
  activate: activateDriver,
  forget: forgetDriver,
  'reset-password': resetPasswordDriver,
  nvr: nvrDriver,
  'nvr-table': nvrTableDriver,
  'nvr-change-password': nvrChangePasswordDriver,
  'nvr-add': nvrAddDriver,
  mail: mailDriver,
  'app-scan': appScanDriver,
  'support-code': supportCodeDriver,
  fault: faultDriver,
  'clear-fault': clearFaultDriver,
  'factory-reset': factoryResetDriver,
  advance: advanceDriver,
  openapi: openApiDriver,
  detect: detectDriver,
  'openapi-event': openApiEventDriver,
  checkpoint: checkpointDriver,
  restore: restoreDriver,
};

export function runAction(action: SuiteAction, ctx: SuiteContext): Promise<unknown> {
  const driver = drivers[action.kind] as ((action: SuiteAction, ctx: SuiteContext) => Promise<unknown>) | undefined;
  if (!driver) return Promise.reject(new Error(`unknown step kind "${String((action as { kind?: unknown }).kind)}"`));
  return driver(action, ctx);
}

const controlKinds: ReadonlySet<SuiteAction['kind']> = new Set(['app-scan', 'support-code', 'fault', 'clear-fault', 'factory-reset', 'advance', 'checkpoint', 'restore', 'detect']);

/**
 * What a step expects when it says nothing: a device call `{ error_code: 0 }`, a control-plane
 * call an HTTP 2xx, a mail that it came.
 */
export function defaultExpectation(kind: SuiteAction['kind']): unknown {
  if (kind === 'mail' || kind === 'openapi-event') return { received: true };
  if (kind === 'openapi') return { ok: true };
  if (controlKinds.has(kind)) return { status: '/^2\\d\\d$/' };
  return { error_code: 0 };
}
