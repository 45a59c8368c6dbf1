import type { Refusal } from '../kernel/vendor-errors.js';
import type { QuestionInput } from '../camera/camera-inputs.js';
import type { CameraFlash, CameraIdentity } from '../camera/camera-state.js';
import type { ChallengeReply } from './account-login.js';

/**
 * What cameras and NVRs have in common on the wire: the admin account. The web API's
 * challenge, activation, login, password change and device_info handlers work on this.
 */
export type AccountInput =
  | { readonly type: 'issue-challenge' }
  | { readonly type: 'activate'; readonly nonce: string; readonly md5: string; readonly resetEmail?: string; readonly questions?: readonly QuestionInput[] }
  /** `nonce` is absent for `encrypt_type` "1" (bare MD5 form, no envelope, no replay guard). */
  | { readonly type: 'log-in'; readonly username: string; readonly nonce?: string; readonly md5: string }
  | { readonly type: 'check-session'; readonly stok: string }
  | { readonly type: 'log-out'; readonly stok: string }
  | { readonly type: 'change-password'; readonly stok: string; readonly nonce: string; readonly oldMd5: string; readonly newMd5: string }
  /** The OpenAPI switch, with a session (the web API's router has checked it). */
  | { readonly type: 'set-openapi'; readonly enabled: boolean };

export interface AccountReplies {
  'issue-challenge': ChallengeReply;
  activate: Record<string, never>;
  'log-in': { stok: string };
  'check-session': Record<string, never>;
  'log-out': Record<string, never>;
  'change-password': Record<string, never>;
  'set-openapi': Record<string, never>;
}

/** What the control plane does to any device: the power switch, the cable, the reset button. */
export type ControlInput =
  | { readonly type: 'power-off' }
  | { readonly type: 'power-on' }
  | { readonly type: 'set-internet'; readonly internet: boolean }
  | { readonly type: 'factory-reset' };

export interface AccountDevice {
  readonly kind: 'camera' | 'nvr';
  readonly id: string;
  readonly state: { readonly identity: CameraIdentity; readonly flash: CameraFlash; readonly power: 'on' | 'off' };
  dispatch<I extends AccountInput>(input: I): Promise<AccountReplies[I['type']] | Refusal>;
  control(input: ControlInput): Promise<Record<string, never> | Refusal>;
}
