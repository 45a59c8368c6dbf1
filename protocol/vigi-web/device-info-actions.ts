import { refuse } from '../../devices/kernel/vendor-errors.js';
import { moduleReply, refusalReply, type WebReply } from './web-reply.js';
import type { DeviceCall } from './camera-call.js';
import type { Params } from './web-params.js';

/**
 * `{"method":"get","device_info":{"name":["basic_info"]}}` (module and section public; the
 * field names inside basic_info are ours, in the vendor's snake_case style).
 */
export async function getDeviceInfo(params: Params, call: DeviceCall): Promise<WebReply> {
  const names = Array.isArray(params.name) ? params.name : [params.name ?? 'basic_info'];
  const unknown = names.filter((name) => name !== 'basic_info');
  if (unknown.length > 0) return refusalReply(refuse('INVALID_ARGUMENT', `device_info has only the section "basic_info", not ${unknown.map((n) => JSON.stringify(n)).join(', ')}.`));
  const { identity } = call.device.state;
  return moduleReply('device_info', {
    basic_info: {
      device_type: call.device.kind === 'nvr' ? 'SMART.NVR' : 'SMART.IPCAMERA',
      device_model: identity.model,
      device_name: identity.model,
      device_alias: identity.name,
      manufacturer_name: 'TP-LINK',
      hw_version: identity.hardware,
      sw_version: identity.firmware,
      mac: identity.mac,
      dev_id: identity.uuid,
      serial_number: identity.serial,
      ip: identity.ip,
    },
  });
}
