import type { Rng } from '../kernel/rng.js';
import type { DeviceEffect } from '../kernel/device-effect.js';
import type { Refusal } from '../kernel/vendor-errors.js';
import type { CameraPolicy } from './camera-policy.js';
import type { CameraState, ResetMethod } from './camera-state.js';
import type { CameraInputType } from './camera-inputs.js';
import type { AccountReplies } from '../account/account-device.js';
import type { DetectionType } from './camera-detection.js';

export type CameraEffect = DeviceEffect;
export { done, emit } from '../kernel/device-effect.js';

export interface StepContext {
  readonly now: number;
  readonly rng: Rng;
  readonly policy: CameraPolicy;
}

/** What each input answers when it is not refused: the account's replies, and the camera's own. */
export interface CameraReplies extends AccountReplies {
  'get-reset-methods': { methods: ResetMethod[]; maskedEmail?: string; internet: boolean };
  'send-verification-code': { maskedEmail: string; expiresIn: number };
  'check-verification-code': { resetToken: string; expiresIn: number };
  'get-security-questions': { questions: string[] };
  'check-security-answers': { resetToken: string; expiresIn: number };
  'get-support-qr': { qrcode: string; expiresIn: number };
  'check-support-code': { resetToken: string; expiresIn: number };
  'reset-password': Record<string, never>;
  'power-off': Record<string, never>;
  'power-on': Record<string, never>;
  'set-internet': Record<string, never>;
  'factory-reset': Record<string, never>;
  detect: { eventType: DetectionType; time: number; pushed: boolean };
  'set-message-push': Record<string, never>;
}

export interface CameraTransition<T extends CameraInputType = CameraInputType> {
  readonly state: CameraState;
  readonly effects: readonly CameraEffect[];
  readonly outcome: CameraReplies[T] | Refusal;
}
