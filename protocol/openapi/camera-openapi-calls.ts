import type { Camera } from '../../devices/camera/camera.js';
import { detectionTypes, isDetectionType, messagePushOn, type DetectionType } from '../../devices/camera/camera-detection.js';
import { isRefusal, refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';
import type { SubscribeOptions } from './camera-event-streams.js';

/**
 * The camera's OpenAPI methods on `POST /stok=<stok>` (research §1.4), once the stok is good:
 * - `getStreamPort` → `result.streamPort "554"` (public example);
 * - `subscribeMsg {event_type: ["all"] | [<kind>...], heartbeat: <s>}` → a held-open
 *   multipart/mixed stream (public; camera-event-streams.ts);
 * - `get<Kind>DetectionSwitch` → `result.msg_push_enabled "on"|"off"`, and
 *   `set<Kind>DetectionSwitch {msg_push_enabled}` (names and field public, VIGICam; the reply
 *   shapes are ours), for every kind in camera-detection.ts.
 * Anything else is -10030, as a model without the feature answers.
 */
export type CameraCallAnswer =
  | { readonly kind: 'reply'; readonly body: Record<string, unknown> }
  | { readonly kind: 'stream'; readonly options: SubscribeOptions };

/** Public example reply of `getStreamPort` (research §1.4). */
const STREAM_PORT = '554';
/** Ours: the public example asks for 15 s, which we take as the default. */
const DEFAULT_HEARTBEAT_S = 15;
const MAX_HEARTBEAT_S = 3600;

const SWITCH_METHOD = /^(get|set)([A-Za-z]+)Switch$/;

export async function answerCameraCall(camera: Camera, method: string, params: unknown): Promise<CameraCallAnswer> {
  const ok = (result?: Record<string, unknown>): CameraCallAnswer => ({ kind: 'reply', body: { method, errCode: 0, ...(result ? { result } : {}) } });
  const refused = (refusal: Refusal): CameraCallAnswer => ({ kind: 'reply', body: { method, errCode: refusal.code, msg: refusal.message } });
  if (method === 'getStreamPort') return ok({ streamPort: STREAM_PORT });
  if (method === 'subscribeMsg') {
    const options = subscribeOptions(params);
    return isRefusal(options) ? refused(options) : { kind: 'stream', options };
  }
  const switchCall = SWITCH_METHOD.exec(method);
  const eventType = switchCall?.[2];
  if (switchCall && isDetectionType(eventType)) {
    if (switchCall[1] === 'get') return ok({ msg_push_enabled: messagePushOn(camera.state.flash, eventType) ? 'on' : 'off' });
    const enabled = (params as { msg_push_enabled?: unknown } | null | undefined)?.msg_push_enabled;
    if (enabled !== 'on' && enabled !== 'off') return refused(refuse('OPENAPI_BAD_REQUEST', `${method} takes {"msg_push_enabled": "on" | "off"}.`));
    const outcome = await camera.dispatch({ type: 'set-message-push', eventType, enabled: enabled === 'on' });
    return isRefusal(outcome) ? refused(outcome) : ok();
  }
  return refused(refuse('OPENAPI_UNSUPPORTED', `The emulated ${camera.state.identity.model} has no OpenAPI method "${method.slice(0, 80)}".`));
}

function subscribeOptions(params: unknown): SubscribeOptions | Refusal {
  const given = (params ?? {}) as { event_type?: unknown; heartbeat?: unknown };
  if (typeof given !== 'object' || Array.isArray(given)) return refuse('OPENAPI_BAD_REQUEST', 'subscribeMsg params are {"event_type": [...], "heartbeat": <seconds>}.');
  const heartbeat = given.heartbeat ?? DEFAULT_HEARTBEAT_S;
  if (typeof heartbeat !== 'number' || !Number.isInteger(heartbeat) || heartbeat < 1 || heartbeat > MAX_HEARTBEAT_S) {
    return refuse('OPENAPI_BAD_REQUEST', `subscribeMsg heartbeat is whole seconds from 1 to ${MAX_HEARTBEAT_S}.`);
  }
  const asked = given.event_type ?? ['all'];
  if (!Array.isArray(asked) || asked.length === 0 || !asked.every((type) => type === 'all' || isDetectionType(type))) {
    return refuse('OPENAPI_BAD_REQUEST', `subscribeMsg event_type is a list of "all" or of ${detectionTypes.join(', ')}.`);
  }
  return { types: asked.includes('all') ? 'all' : new Set(asked as DetectionType[]), heartbeatSeconds: heartbeat };
}
