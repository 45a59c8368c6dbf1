import type { QuestionInput } from '../camera/camera-inputs.js';
import type { CameraInfo } from './nvr-ports.js';
import type { ChannelLink } from './nvr-state.js';

/**
 * Inputs of the NVR machine: its own account (as a camera's), power, and the channel-table
 * changes that the runner's workflows make once the cameras have answered.
 */
export type NvrInput =
  | { readonly type: 'issue-challenge' }
  | { readonly type: 'activate'; readonly nonce: string; readonly md5: string; readonly resetEmail?: string; readonly questions?: readonly QuestionInput[] }
  | { readonly type: 'log-in'; readonly username: string; readonly nonce?: string; readonly md5: string }
  | { readonly type: 'check-session'; readonly stok: string }
  | { readonly type: 'log-out'; readonly stok: string }
  | { readonly type: 'change-password'; readonly stok: string; readonly nonce: string; readonly oldMd5: string; readonly newMd5: string }
  | { readonly type: 'verify-admin'; readonly nonce: string; readonly md5: string }
  /** Envelopes that carry camera passwords (chm_add_dev_list, chm_password_reset) still spend the NVR's nonce. */
  | { readonly type: 'consume-nonce'; readonly nonce: string }
  | { readonly type: 'add-channel'; readonly ip: string; readonly port: number; readonly username: string; readonly md5: string; readonly info?: CameraInfo; readonly link: ChannelLink }
  | { readonly type: 'remove-channels'; readonly ids: readonly string[] }
  | { readonly type: 'set-link'; readonly id: string; readonly link: ChannelLink }
  | { readonly type: 'set-channel-credential'; readonly id: string; readonly md5: string }
  | { readonly type: 'power-off' }
  | { readonly type: 'power-on' }
  | { readonly type: 'set-internet'; readonly internet: boolean }
  | { readonly type: 'factory-reset' };
