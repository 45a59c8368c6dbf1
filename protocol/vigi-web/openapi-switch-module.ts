import type { AccountDevice } from '../../devices/account/account-device.js';
import { openApiOn } from '../../devices/account/account-openapi.js';
import { isRefusal, refuse } from '../../devices/kernel/vendor-errors.js';
import { asParams } from './web-params.js';
import { moduleReply, refusalReply, type WebReply } from './web-reply.js';
import type { DeviceCall } from './camera-call.js';
import type { ModuleRoute } from './web-api-router.js';

/**
 * Module `openapi` (ours: the web UI's page is Settings > Network Settings > OpenAPI, and its
 * call is not public), with a session:
 * - `{"method":"get","openapi":{"name":["config"]}}` → `{"openapi":{"config":{"enabled":"on","port":"20443"}}}`
 *   (`port` only while it is on);
 * - `{"method":"set","openapi":{"config":{"enabled":"on"|"off"}}}` → `{"openapi":{}}`, once the
 *   port listens, so a client can connect as soon as it has the reply.
 */
export function openApiSwitchModule<D extends AccountDevice>(): ModuleRoute<D> {
  return {
    preAuth: false,
    handle(method, body, call) {
      if (method === 'get') return getConfig(body, call);
      if (method === 'set') return setConfig(body, call);
      return Promise.resolve(refusalReply(refuse('UNKNOWN_ACTION', `openapi takes "get" or "set", not "${method}".`)));
    },
  };
}

async function getConfig(body: unknown, call: DeviceCall): Promise<WebReply> {
  const params = asParams(body ?? {}, 'openapi');
  if (isRefusal(params)) return refusalReply(params);
  const names = params.name === undefined ? ['config'] : Array.isArray(params.name) ? params.name : [params.name];
  const unknown = names.filter((name) => name !== 'config');
  if (unknown.length > 0) return refusalReply(refuse('INVALID_ARGUMENT', `openapi has only the section "config", not ${unknown.map((n) => JSON.stringify(n)).join(', ')}.`));
  const on = openApiOn(call.device.state.flash);
  const port = on ? await call.openapi?.listening().catch(() => undefined) : undefined;
  return moduleReply('openapi', { config: { enabled: on ? 'on' : 'off', ...(port !== undefined ? { port: String(port) } : {}) } });
}

async function setConfig(body: unknown, call: DeviceCall): Promise<WebReply> {
  const params = asParams(body, 'openapi');
  if (isRefusal(params)) return refusalReply(params);
  const config = asParams(params.config, 'openapi.config');
  if (isRefusal(config)) return refusalReply(config);
  const { enabled } = config;
  if (enabled !== 'on' && enabled !== 'off') return refusalReply(refuse('INVALID_ARGUMENT', `openapi.config.enabled must be "on" or "off", not ${JSON.stringify(enabled ?? null)}.`));
  const outcome = await call.device.dispatch({ type: 'set-openapi', enabled: enabled === 'on' });
  if (isRefusal(outcome)) return refusalReply(outcome);
  if (enabled === 'on' && call.openapi) {
    const listening = await call.openapi.listening().then(() => true, (error: unknown) => error);
    if (listening !== true) {
      // The switch is not left on when nothing could listen: the request changed nothing.
      await call.device.dispatch({ type: 'set-openapi', enabled: false });
      return refusalReply(refuse('SYSTEM', `OpenAPI could not start listening: ${listening instanceof Error ? listening.message : String(listening)}`));
    }
  }
  return moduleReply('openapi', {});
}
