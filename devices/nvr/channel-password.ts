import { isRefusal, refuse, type Refusal } from '../kernel/vendor-errors.js';
import { isMd5Form } from '../credentials/md5-form.js';
import { isUnreachable, type CameraLink } from './nvr-ports.js';
import type { Nvr } from './nvr.js';

/**
 * Password management (`chm_mod_dev_passwd`): with the NVR's own password, change an added,
 * certified camera's password through the credential the NVR stores. Nothing is half-applied:
 * the NVR stores the new credential only after the camera accepted it.
 */
export interface ChannelPasswordChange {
  readonly id: string;
  /** Nonce and MD5 form of the NVR's admin password, from the NVR's own challenge. */
  readonly nonce: string;
  readonly nvrMd5: string;
  /** The camera's new password, MD5 form. */
  readonly newMd5: string;
}

export async function changeChannelPassword(nvr: Nvr, cameras: CameraLink, change: ChannelPasswordChange): Promise<Record<string, never> | Refusal> {
  const admin = await nvr.dispatch({ type: 'verify-admin', nonce: change.nonce, md5: change.nvrMd5 });
  if (isRefusal(admin)) return admin;
  const channel = nvr.state.channels.find((c) => c.id === change.id);
  if (!channel) return refuse('CHANNEL_UNKNOWN', `No channel ${change.id}.`);
  if (!isMd5Form(change.newMd5)) return refuse('NEW_PASSWORD_INVALID');
  const link = await nvr.probe.channel(channel.id);
  if (link?.status === 'not-certified') return refuse('CHANNEL_NOT_CERTIFIED', `Channel ${channel.id} (${channel.ip}) is not certified: remove the camera first, then add it again with its password.`);
  if (link?.status !== 'connected') return refuse('CHANNEL_NOT_CONNECTED', `Channel ${channel.id} (${channel.ip}) is not connected; nothing was changed.`);
  const address = { ip: channel.ip, port: channel.port };
  const changed = await cameras.changePassword(address, link.stok, channel.md5, change.newMd5);
  if (isUnreachable(changed)) return refuse('CHANNEL_NOT_CONNECTED', `The camera at ${channel.ip} stopped answering (${changed.reason}); the NVR keeps the old password.`);
  if (isRefusal(changed)) return refuse('CHANNEL_PASSWORD_CHANGE_FAILED', `The camera refused the change (${changed.code}: ${changed.message}); camera and NVR keep the old password.`);
  await nvr.dispatch({ type: 'set-channel-credential', id: channel.id, md5: change.newMd5 });
  return {};
}
