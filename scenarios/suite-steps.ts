import type { SecurityQuestionSpec } from './scenario-types.js';
import type { SuiteActionKey } from './suite-schema.js';
import type { Suite, SuiteAction, SuiteStep } from './suite-types.js';
import { durationMs, toFaultSpec } from './timeline-entries.js';
import type { ValidFault, WhereIs } from './timeline-entries.js';
import type { FaultType } from './timeline-types.js';
import type { DetectionType } from '../devices/camera/camera-detection.js';

type Params = Readonly<Record<string, unknown>>;

/** A step as a validated file writes it: a name, one action key, expect and capture. */
export interface ValidStep {
  name: string;
  expect?: unknown;
  capture?: Record<string, string>;
  call?: { device: string; method: string; module: string; params?: unknown; session?: boolean };
  login?: { device: string; password: string; username?: string };
  activate?: { device: string; password: string; resetEmail?: string; questions?: SecurityQuestionSpec[] };
  forget?: { device: string; action: string; params?: Params; session?: boolean };
  resetPassword?: { device: string; token: string; password: string };
  nvr?: { device: string; action: string; params?: Params };
  nvrTable?: { device: string };
  nvrChangePassword?: { device: string; channel: string; nvrPassword: string; newPassword: string };
  nvrAdd?: { device: string; camera: string; password: string };
  mail?: { to: string; timeout?: string | number };
  appScan?: { qrcode: string };
  supportCode?: { qrcode: string };
  fault?: ValidFault;
  clearFault?: { type: FaultType; device?: string };
  factoryReset?: { device: string };
  advance?: string | number;
  openapi?: { device: string; password?: string; call?: string; params?: Params };
  detect?: { device: string; type: DetectionType };
  openapiEvent?: { device: string; timeout?: string | number };
  checkpoint?: string;
  restore?: string;
}

export interface ValidSuite {
  name: string;
  steps: ValidStep[];
}

const opt = <K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };

/**
 * Each action key of a file and the SuiteAction it becomes. Keys the file does not write stay
 * absent (exactOptionalPropertyTypes); `mail.timeout` and `advance` become milliseconds.
 */
const actions: { readonly [K in SuiteActionKey]: (value: NonNullable<ValidStep[K]>) => SuiteAction } = {
  call: (a) => ({ kind: 'call', device: a.device, method: a.method, module: a.module, ...opt('params', a.params), ...opt('session', a.session) }),
  login: (a) => ({ kind: 'login', device: a.device, password: a.password, ...opt('username', a.username) }),
  activate: (a) => ({
    kind: 'activate',
    device: a.device,
    password: a.password,
    ...opt('resetEmail', a.resetEmail),
    ...opt('questions', a.questions?.map(({ question, answer }) => ({ question, answer }))),
  }),
  forget: (a) => ({ kind: 'forget', device: a.device, action: a.action, ...opt('params', a.params), ...opt('session', a.session) }),
  resetPassword: (a) => ({ kind: 'reset-password', device: a.device, token: a.token, password: a.password }),
  nvr: (a) => ({ kind: 'nvr', device: a.device, action: a.action, ...opt('params', a.params) }),
  nvrTable: (a) => ({ kind: 'nvr-table', device: a.device }),
  nvrChangePassword: (a) => ({ kind: 'nvr-change-password', device: a.device, channel: a.channel, nvrPassword: a.nvrPassword, newPassword: a.newPassword }),
  nvrAdd: (a) => ({ kind: 'nvr-add', device: a.device, camera: a.camera, password: a.password }),
  mail: (a) => ({ kind: 'mail', to: a.to, ...opt('timeoutMs', a.timeout === undefined ? undefined : durationMs(a.timeout)) }),
  appScan: (a) => ({ kind: 'app-scan', qrcode: a.qrcode }),
  supportCode: (a) => ({ kind: 'support-code', qrcode: a.qrcode }),
  fault: (a) => ({ kind: 'fault', fault: toFaultSpec(a) }),
  clearFault: (a) => ({ kind: 'clear-fault', type: a.type, ...opt('device', a.device) }),
  factoryReset: (a) => ({ kind: 'factory-reset', device: a.device }),
  advance: (a) => ({ kind: 'advance', ms: durationMs(a) }),
  openapi: (a) => ({ kind: 'openapi', device: a.device, ...opt('password', a.password), ...opt('call', a.call), ...opt('params', a.params) }),
  detect: (a) => ({ kind: 'detect', device: a.device, type: a.type }),
  openapiEvent: (a) => ({ kind: 'openapi-event', device: a.device, ...opt('timeoutMs', a.timeout === undefined ? undefined : durationMs(a.timeout)) }),
  checkpoint: (a) => ({ kind: 'checkpoint', name: a }),
  restore: (a) => ({ kind: 'restore', name: a }),
};

/** The validated `suite` as `vigi-sim test` runs it; each step knows where it is in the file. */
export function toSuite(suite: ValidSuite, where: WhereIs): Suite {
  return {
    name: suite.name,
    steps: suite.steps.map((step, index): SuiteStep => ({
      name: step.name,
      action: toAction(step),
      ...(step.expect !== undefined ? { expect: step.expect } : {}),
      ...(step.capture !== undefined ? { capture: { ...step.capture } } : {}),
      location: where(['suite', 'steps', index]),
    })),
  };
}

function toAction(step: ValidStep): SuiteAction {
  for (const key of Object.keys(actions) as SuiteActionKey[]) {
    const value = step[key];
    if (value !== undefined) return (actions[key] as (value: unknown) => SuiteAction)(value);
  }
  // Validation guarantees one action per step.
  throw new Error(`suite step "${step.name}" has no action`);
}
