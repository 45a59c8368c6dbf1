import type { SuiteAction } from '../../scenarios/suite-types.js';
import { CameraOpenApiClient } from '../client/openapi-client.js';
import type { SuiteContext } from './suite-context.js';

type Action = Extract<SuiteAction, { kind: 'openapi' }>;

/**
 * The `openapi` step, with the reference OpenAPI clients: log in with `password`, then make
 * `call`, on one client per device so a login carries over to later steps. `subscribeMsg`
 * opens the camera's event stream, kept for `openapiEvent` steps. The reply it
 * matches is `{ ok, ... }`: a camera's `errCode` reply, or an NVR's HTTP `status` and JSON body.
 */
export async function openApiDriver(action: Action, ctx: SuiteContext): Promise<Record<string, unknown>> {
  const client = ctx.openApi(action.device);
  if (client instanceof CameraOpenApiClient) {
    let reply: Record<string, unknown> = {};
    if (action.password !== undefined) reply = { ...(await client.login(action.password)) };
    if (action.call === 'subscribeMsg' && (action.password === undefined || reply.errCode === 0)) {
      // Held open: the reply is its first part; openapi-event steps read the rest.
      const stream = await client.subscribe(action.params ?? {});
      ctx.keepEventStream(action.device, stream);
      reply = { ...(await stream.next()) };
    } else if (action.call !== undefined && (action.password === undefined || reply.errCode === 0)) {
      reply = { ...(await client.call(action.call, action.params ?? {})) };
    }
    return { ok: reply.errCode === 0, ...reply };
  }
  let reply: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  if (action.password !== undefined) reply = await client.token(action.password);
  if (action.call !== undefined && (action.password === undefined || reply.status === 200)) {
    if (action.call !== 'added_devices') throw new Error(`an NVR's OpenAPI step calls added_devices, not "${action.call}"`);
    reply = await client.addedDevices();
  }
  return { ok: reply.status === 200, status: reply.status, ...reply.body };
}

/** The `openapiEvent` step: the next detection on the camera's stream, heartbeats skipped. */
export async function openApiEventDriver(action: Extract<SuiteAction, { kind: 'openapi-event' }>, ctx: SuiteContext): Promise<Record<string, unknown>> {
  const stream = ctx.eventStream(action.device);
  const deadline = Date.now() + (action.timeoutMs ?? 10_000);
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return { received: false };
    const message = await stream.next(left).catch((error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }));
    if ('failed' in message) return { received: false, reason: message.failed };
    if ('event_type' in message) return { received: true, ...message };
  }
}
