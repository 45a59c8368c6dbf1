import type { ChannelLink, NvrChannel } from './nvr-state.js';

/**
 * A row of `chm` table `added_dev` (field names public, research §3.5): `online` "1"/"0",
 * `conn_status` "0" = connected, `auth_result` "1" = authentication failed, i.e. the UI's
 * "not certified". The other status values are ours: conn_status "1" = unreachable, "2" =
 * refused our credential.
 */
export interface ChannelRow {
  id: string;
  name: string;
  ip: string;
  port: string;
  protocol: string;
  uuid: string;
  mac: string;
  model: string;
  vender: string;
  online: '0' | '1';
  conn_status: '0' | '1' | '2';
  auth_result: '0' | '1';
}

export type Certification = 'connected' | 'offline' | 'not-certified' | 'unknown';

export function certificationOf(link: ChannelLink | undefined): Certification {
  return link?.status ?? 'unknown';
}

export function channelRow(channel: NvrChannel, link: ChannelLink | undefined): ChannelRow {
  const status = certificationOf(link);
  return {
    id: channel.id, name: channel.name, ip: channel.ip, port: String(channel.port), protocol: 'TP-LINK',
    uuid: channel.uuid, mac: channel.mac, model: channel.model, vender: 'TP-LINK',
    online: status === 'connected' ? '1' : '0',
    conn_status: status === 'connected' ? '0' : status === 'not-certified' ? '2' : '1',
    auth_result: status === 'not-certified' ? '1' : '0',
  };
}
