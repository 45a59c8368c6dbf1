import type { AccountInput, ControlInput } from '../account/account-device.js';
import type { CameraInfo } from './nvr-ports.js';
import type { ChannelLink } from './nvr-state.js';

/**
 * Inputs of the NVR machine: its own account (as a camera's), power, and the channel-table
 * changes that the runner's workflows make once the cameras have answered.
 */
export type NvrInput =
  | AccountInput
  | ControlInput
  | { readonly type: 'verify-admin'; readonly nonce: string; readonly md5: string }
  /** Envelopes that carry camera passwords (chm_add_dev_list, chm_password_reset) still spend the NVR's nonce. */
  | { readonly type: 'consume-nonce'; readonly nonce: string }
  | { readonly type: 'add-channel'; readonly ip: string; readonly port: number; readonly username: string; readonly md5: string; readonly info?: CameraInfo; readonly link: ChannelLink }
  | { readonly type: 'remove-channels'; readonly ids: readonly string[] }
  | { readonly type: 'set-link'; readonly id: string; readonly link: ChannelLink }
  | { readonly type: 'set-channel-credential'; readonly id: string; readonly md5: string };
