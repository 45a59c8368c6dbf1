import { refuse } from '../kernel/vendor-errors.js';
import { done, emit } from '../kernel/device-effect.js';
import type { CameraState } from './camera-state.js';
import type { CameraTransition } from './camera-transition.js';

/**
 * What a camera detects, and whether it pushes each kind to OpenAPI `subscribeMsg` listeners.
 * The event type names are public (VIGICam `openapi_events.py`: the `event_type` strings a
 * camera's subscribeMsg stream carries). A detection is an input here because nothing in the
 * emulator films anything: the control plane, a timeline or a test says what was seen.
 */
export const detectionTypes = [
  'MotionDetection', 'PeopleDetection', 'VehicleDetection', 'TamperDetection',
  'CrossLineDetection', 'InvasionDetection', 'AreaEntryDetection', 'AreaLeaveDetection',
  'LoiterDetection', 'SceneChangeDetection', 'DropAndTakeDetection', 'AudioAnomalyDetection',
] as const;

export type DetectionType = (typeof detectionTypes)[number];

const known: ReadonlySet<string> = new Set(detectionTypes);

export function isDetectionType(value: unknown): value is DetectionType {
  return typeof value === 'string' && known.has(value);
}

/**
 * Whether a detection of this type is pushed (the per-type `msg_push_enabled` switch). On
 * unless switched off (ours: the default is not public); a factory-fresh camera pushes
 * nothing, since OpenAPI needs the admin password.
 */
export function messagePushOn(flash: CameraState['flash'], type: DetectionType): boolean {
  return flash.status === 'activated' && !(flash.messagePushOff ?? []).includes(type);
}

/** The camera saw something: an event in the journal, which OpenAPI subscribers hear if pushed. */
export function detect(state: CameraState, type: DetectionType, now: number): CameraTransition<'detect'> {
  const pushed = messagePushOn(state.flash, type);
  const time = Math.floor(now / 1000);
  return { state, effects: [emit('detected', { eventType: type, time, pushed })], outcome: { eventType: type, time, pushed } };
}

/** `set<Kind>DetectionSwitch {msg_push_enabled}`: kept in flash with the rest of the settings. */
export function setMessagePush(state: CameraState, type: DetectionType, enabled: boolean): CameraTransition<'set-message-push'> {
  const { flash } = state;
  if (flash.status !== 'activated') return { state, effects: [], outcome: refuse('NOT_ACTIVATED') };
  if (messagePushOn(flash, type) === enabled) return { state, effects: [], outcome: done };
  const off = (flash.messagePushOff ?? []).filter((t) => t !== type);
  const messagePushOff = enabled ? off : [...off, type];
  const { messagePushOff: _was, ...rest } = flash;
  return {
    state: { ...state, flash: messagePushOff.length > 0 ? { ...rest, messagePushOff } : rest },
    effects: [emit('message-push-switched', { eventType: type, enabled })],
    outcome: done,
  };
}
