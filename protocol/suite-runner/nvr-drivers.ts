import { passwordEnvelope, type Reply } from '../client/vigi-web-client.js';
import type { SuiteAction } from '../../scenarios/suite-types.js';
import { withEnvelopes } from './device-drivers.js';
import type { SuiteContext } from './suite-context.js';

/**
 * Drivers of what a person does on an NVR's web UI, with the NVR's session: `chm` actions,
 * the channel table, changing a camera's password with the NVR's own password, adding a camera.
 * Every password is wrapped under the NVR's challenge (the NVR re-wraps it for the camera).
 */
type Action<K extends SuiteAction['kind']> = Extract<SuiteAction, { kind: K }>;

type Row = Record<string, unknown> & { id?: string; ip?: string };

export async function nvrDriver(action: Action<'nvr'>, ctx: SuiteContext): Promise<Reply> {
  const stok = ctx.session(action.device);
  const params = await withEnvelopes(ctx.client(action.device), action.params);
  return ctx.client(action.device).call({ method: 'do', chm: { [action.action]: params } }, stok);
}

/**
 * `get chm table added_dev`. The reply is the NVR's, plus `channels`: the same rows keyed by the
 * scenario id of the camera at each row's address, so a suite can say
 * `channels: { cam-lobby: { auth_result: "1" } }`.
 */
export async function nvrTableDriver(action: Action<'nvr-table'>, ctx: SuiteContext): Promise<Reply> {
  const reply = await ctx.client(action.device).call({ method: 'get', chm: { table: 'added_dev' } }, ctx.session(action.device));
  if (reply.error_code !== 0) return reply;
  const channels: Record<string, Row> = {};
  for (const row of rowsOf(reply)) {
    const camera = ctx.devices().find((device) => device.ip === row.ip);
    channels[camera?.id ?? `chn_${row.id ?? '?'}`] = row;
  }
  return { ...reply, channels };
}

function rowsOf(reply: Reply): Row[] {
  const table = (reply.chm as { added_dev?: unknown } | undefined)?.added_dev;
  if (!Array.isArray(table)) return [];
  return table.flatMap((wrapped: unknown) => (wrapped && typeof wrapped === 'object' ? Object.values(wrapped as Record<string, Row>) : []));
}

/** A channel id as written (`"2"`), or a camera id whose row is looked up in the NVR's table. */
async function channelId(nvr: string, channel: string, ctx: SuiteContext): Promise<string> {
  const camera = ctx.devices().find((device) => device.id === channel);
  if (!camera) return channel;
  const reply = await ctx.client(nvr).call({ method: 'get', chm: { table: 'added_dev' } }, ctx.session(nvr));
  const row = rowsOf(reply).find((r) => r.ip === camera.ip);
  if (row?.id === undefined) throw new Error(`${channel} (${camera.ip}) is not a channel of ${nvr}`);
  return String(row.id);
}

/** chm_mod_dev_passwd: the NVR's password and the camera's new one, under one NVR challenge. */
export async function nvrChangePasswordDriver(action: Action<'nvr-change-password'>, ctx: SuiteContext): Promise<Reply> {
  const client = ctx.client(action.device);
  const stok = ctx.session(action.device);
  const id = await channelId(action.device, action.channel, ctx);
  const { key, nonce } = await client.challenge();
  const fields = { id, old_passwd: passwordEnvelope(key, action.nvrPassword, nonce), new_passwd: passwordEnvelope(key, action.newPassword, nonce), encrypt_type: '2' };
  return client.call({ method: 'do', chm: { chm_mod_dev_passwd: fields } }, stok);
}

/** chm_add_dev_list of one camera at its own address and HTTPS port, its password under the NVR's challenge. */
export async function nvrAddDriver(action: Action<'nvr-add'>, ctx: SuiteContext): Promise<Reply> {
  const client = ctx.client(action.device);
  const stok = ctx.session(action.device);
  const camera = ctx.device(action.camera);
  const entry = { ip: camera.ip, port: String(camera.ports.https), username: 'admin', password: await client.envelope(action.password) };
  return client.call({ method: 'do', chm: { chm_add_dev_list: { device_list: [entry] } } }, stok);
}
