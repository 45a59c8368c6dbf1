import type { Nvr } from '../../devices/nvr/nvr.js';
import { isRefusal, refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';
import type { HttpCameraLink } from '../nvr/http-camera-link.js';
import { openPasswordEnvelope, type OpenedEnvelope } from './password-envelope.js';
import { asParams, optionalString, requiredString, requireEnvelopeType, type Params } from './web-params.js';
import { moduleReply, refusalReply, type WebReply } from './web-reply.js';
import type { ActionHandler, DeviceCall } from './camera-call.js';
import { doActions, type ModuleRoute } from './web-api-router.js';
import { chmRelayActions } from './chm-relay-actions.js';

/**
 * Module `chm` of the NVR (names public, research §2.2 and §3.5): the `added_dev` table kept
 * live, found devices, adding and removing cameras, password management, and the relayed
 * forgotten-password flows.
 */
type NvrCall = DeviceCall<Nvr>;

function openEnvelope(call: NvrCall, value: string, field: string): OpenedEnvelope | Refusal {
  return openPasswordEnvelope(call.key(), value) ?? refuse('INVALID_ARGUMENT', `"${field}" does not open with the NVR's key: encrypt with the key from the NVR's get_encrypt_info.`);
}

async function addedDevTable(call: NvrCall): Promise<WebReply> {
  await call.device.probe.all(); // the NVR notices changes on the next call, as well as by polling
  return moduleReply('chm', { added_dev: call.device.rows().map((row) => ({ [`chn_${row.id}`]: row })) });
}

const channelActions: Record<string, ActionHandler<Nvr>> = {
  async chm_device_discovery(_params, call) {
    const found = await call.device.foundDevices();
    if (isRefusal(found)) return refusalReply(found);
    return moduleReply('chm', { found_dev: found.map((d) => ({ uuid: d.uuid, ip: d.ip, port: String(d.port), mac: d.mac, model: d.model, name: d.name, activated: d.activated ? '1' : '0' })) });
  },

  async chm_add_dev_list(params, call) {
    const list = params.device_list;
    if (!Array.isArray(list) || list.length === 0 || list.length > 64) return refusalReply(refuse('INVALID_ARGUMENT', '"device_list" must be a list of 1 to 64 {ip, port, username, password}.'));
    const requests = [];
    const nonces = new Set<string>();
    for (const [i, entry] of list.entries()) {
      const item = asParams(entry, `device_list[${i}]`);
      if (isRefusal(item)) return refusalReply(item);
      const ip = requiredString(item, 'ip');
      const username = optionalString(item, 'username') ?? 'admin';
      // The vendor UI sends the password as `ciphertext`; the contract calls it `password`.
      const secret = item.password !== undefined ? requiredString(item, 'password') : requiredString(item, 'ciphertext');
      const port = Number(item.port ?? 443);
      for (const value of [ip, username, secret]) if (isRefusal(value)) return refusalReply(value);
      if (!Number.isInteger(port) || port < 1 || port > 65535) return refusalReply(refuse('INVALID_ARGUMENT', `device_list[${i}].port must be a port number.`));
      const envelope = openEnvelope(call, secret as string, `device_list[${i}].password`);
      if (isRefusal(envelope)) return refusalReply(envelope);
      nonces.add(envelope.nonce);
      requests.push({ ip: ip as string, port, username: username as string, md5: envelope.md5 });
    }
    for (const nonce of nonces) {
      const spent = await call.device.dispatch({ type: 'consume-nonce', nonce });
      if (isRefusal(spent)) return refusalReply(spent);
    }
    const results = await call.device.addCameras(requests);
    const rows = results.map((r) => ({ ip: r.ip, ...(r.id ? { id: r.id } : {}), ...(typeof r.outcome === 'string' ? { error_code: 0, status: r.outcome } : { error_code: r.outcome.code, msg: r.outcome.message }) }));
    const failed = results.map((r) => r.outcome).filter(isRefusal);
    return { ...moduleReply('chm', { device_list: rows }), error_code: failed.length === results.length ? failed[0]!.code : 0 };
  },

  async chm_del_dev(params, call) {
    const ids = params.ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) return refusalReply(refuse('INVALID_ARGUMENT', '"ids" must be a non-empty list of channel ids, e.g. ["7"].'));
    const outcome = await call.device.dispatch({ type: 'remove-channels', ids });
    return isRefusal(outcome) ? refusalReply(outcome) : moduleReply('chm', {});
  },

  async chm_mod_dev_passwd(params: Params, call) {
    const typeError = requireEnvelopeType(params);
    if (typeError) return refusalReply(typeError);
    const id = requiredString(params, 'id');
    const oldPasswd = requiredString(params, 'old_passwd');
    const newPasswd = requiredString(params, 'new_passwd');
    for (const value of [id, oldPasswd, newPasswd]) if (isRefusal(value)) return refusalReply(value);
    const nvrPassword = openEnvelope(call, oldPasswd as string, 'old_passwd');
    if (isRefusal(nvrPassword)) return refusalReply(nvrPassword);
    const cameraPassword = openEnvelope(call, newPasswd as string, 'new_passwd');
    if (isRefusal(cameraPassword)) return refusalReply(cameraPassword);
    if (nvrPassword.nonce !== cameraPassword.nonce) return refusalReply(refuse('NONCE_INVALID', 'Both envelopes must carry the nonce of one NVR challenge.'));
    const outcome = await call.device.changeChannelPassword({ id: id as string, nonce: nvrPassword.nonce, nvrMd5: nvrPassword.md5, newMd5: cameraPassword.md5 });
    return isRefusal(outcome) ? refusalReply(outcome) : moduleReply('chm', {});
  },
};

export function chmModule(link: HttpCameraLink): ModuleRoute<Nvr> {
  const actions = doActions<Nvr>('chm', { ...channelActions, ...chmRelayActions(link) }, new Set());
  return {
    preAuth: false,
    async handle(method, body, call) {
      if (method !== 'get') return actions.handle(method, body, call);
      const params = asParams(body, 'chm');
      if (isRefusal(params)) return refusalReply(params);
      if (params.table !== 'added_dev') return refusalReply(refuse('INVALID_ARGUMENT', 'chm has the table "added_dev": {"method":"get","chm":{"table":"added_dev"}}.'));
      return addedDevTable(call);
    },
  };
}
