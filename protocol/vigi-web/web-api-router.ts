import type { AccountDevice } from '../../devices/account/account-device.js';
import { isRefusal, refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';
import { asParams } from './web-params.js';
import { refusalReply, type WebReply } from './web-reply.js';
import type { ActionHandler, DeviceCall } from './camera-call.js';

/**
 * Routes one decoded request body `{"method": ..., "<module>": {...}}` to its module. Pre-auth
 * (`POST /`) reaches only what a module marks pre-auth; the rest needs `POST /stok=<stok>/ds`.
 */
const METHODS = new Set(['get', 'set', 'do', 'add', 'delete', 'forward']);

export interface ModuleRoute<D extends AccountDevice> {
  readonly preAuth: boolean;
  handle(method: string, body: unknown, call: DeviceCall<D>): Promise<WebReply>;
}

/** A module whose `do` calls name one sub-action: `{"<module>":{"<action>":{params}}}`. */
export function doActions<D extends AccountDevice>(module: string, actions: Record<string, ActionHandler<D>>, preAuthActions: ReadonlySet<string>): ModuleRoute<D> {
  return {
    preAuth: true,
    handle(method, body, call) {
      if (method !== 'do') return refused(refuse('UNKNOWN_ACTION', `${module} takes "do", not "${method}".`));
      const params = asParams(body, module);
      if (isRefusal(params)) return refused(params);
      const names = Object.keys(params);
      if (names.length !== 1) return refused(refuse('INVALID_FORMAT', `${module} takes exactly one action, e.g. {"${module}":{"${Object.keys(actions)[0]}":{...}}}.`));
      const action = names[0]!;
      const handler = Object.hasOwn(actions, action) ? actions[action] : undefined;
      if (!handler) return refused(refuse('UNKNOWN_ACTION', `${module} has no action "${action}"; it has ${Object.keys(actions).join(', ')}.`));
      if (call.stok === undefined && !preAuthActions.has(action)) return refused(refuse('UNAUTHENTICATED', 'Log in first.'));
      const actionParams = asParams(params[action], `${module}.${action}`);
      return isRefusal(actionParams) ? refused(actionParams) : handler(actionParams, call);
    },
  };
}

/** A module that takes one method and hands its params to one handler. */
export function oneMethod<D extends AccountDevice>(module: string, only: string, preAuth: boolean, handler: ActionHandler<D>): ModuleRoute<D> {
  return {
    preAuth,
    handle(method, body, call) {
      if (method !== only) return refused(refuse('UNKNOWN_ACTION', `${module} takes "${only}", not "${method}".`));
      const params = asParams(body, module);
      return isRefusal(params) ? refused(params) : handler(params, call);
    },
  };
}

/**
 * Not `async`: a refusal is wrapped once, and the action's own promise is handed back as it is,
 * without the extra turns an async function takes to adopt a promise it returns.
 */
export function routeRequest<D extends AccountDevice>(modules: Record<string, ModuleRoute<D>>, body: unknown, call: DeviceCall<D>): Promise<WebReply> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return refused(refuse('INVALID_FORMAT', 'The body must be a JSON object like {"method":"do","login":{...}}.'));
  }
  const { method, ...rest } = body as Record<string, unknown>;
  if (typeof method !== 'string' || !METHODS.has(method)) {
    return refused(refuse('INVALID_FORMAT', '"method" must be one of get, set, do, add, delete, forward.'));
  }
  const names = Object.keys(rest);
  if (names.length !== 1) return refused(refuse('INVALID_FORMAT', `Name exactly one module next to "method" (got ${names.length}).`));
  const name = names[0]!;
  const route = Object.hasOwn(modules, name) ? modules[name] : undefined;
  if (!route) return refused(refuse('UNKNOWN_MODULE', `Unknown module "${name}".`));
  if (!route.preAuth && call.stok === undefined) return refused(refuse('UNAUTHENTICATED', `${name} needs a session: log in and call POST /stok=<stok>/ds.`));
  return route.handle(method, rest[name], call);
}

function refused(refusal: Refusal): Promise<WebReply> {
  return Promise.resolve(refusalReply(refusal));
}
