import type { Device } from '../../devices/fleet.js';
import { certificationOf } from '../../devices/nvr/channel-row.js';
import type { FaultRegistry } from '../../devices/faults/fault-registry.js';
import { openApiOn } from '../../devices/account/account-openapi.js';

/**
 * The ports devices serve on. `openapi`: the VIGI OpenAPI port, once something listens on it;
 * a summary lists `ports.openapi` only for the devices that have OpenAPI switched on.
 */
export interface DevicePorts {
  readonly http: number;
  readonly https: number;
  readonly openapi?: number;
}

/** One row of `GET /__sim/devices` (contract §2); NVRs add their channels. */
export interface DeviceSummary {
  id: string;
  kind: 'camera' | 'nvr';
  model: string;
  name: string;
  mac: string;
  uuid: string;
  serial: string;
  firmware: string;
  ip: string;
  ports: { http: number; https: number; openapi?: number };
  activated: boolean;
  power: 'on' | 'off';
  internet: boolean;
  lan: string;
  faults: string[];
  channels?: { id: string; ip: string; uuid: string; name: string; certification: string }[];
}

/** The registry's faults, and the device's own state where it started that way (power, internet). */
export function activeFaults(device: Device, faults: FaultRegistry): string[] {
  const { state } = device;
  const types = new Set([...(state.power === 'off' ? ['power-off'] : []), ...(state.internet ? [] : ['no-internet']), ...faults.of(device.id).map((f) => f.spec.type)]);
  return [...types];
}

export function summarise(device: Device, devicePorts: DevicePorts, faults: FaultRegistry, lan: string): DeviceSummary {
  const { identity, flash, power, internet } = device.state;
  const { openapi } = devicePorts;
  const ports = { http: devicePorts.http, https: devicePorts.https, ...(openapi !== undefined && openApiOn(flash) ? { openapi } : {}) };
  const summary: DeviceSummary = {
    id: identity.id, kind: device.kind, model: identity.model, name: identity.name, mac: identity.mac, uuid: identity.uuid,
    serial: identity.serial, firmware: identity.firmware, ip: identity.ip, ports, activated: flash.status === 'activated',
    power, internet, lan, faults: activeFaults(device, faults),
  };
  if (device.kind === 'nvr') {
    summary.channels = device.state.channels.map((c) => ({ id: c.id, ip: c.ip, uuid: c.uuid, name: c.name, certification: certificationOf(device.state.memory.links[c.id]) }));
  }
  return summary;
}
