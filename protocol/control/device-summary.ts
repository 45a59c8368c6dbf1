import type { Device } from '../../devices/fleet.js';
import type { NetworkFaults } from '../net/network-faults.js';

/** One row of `GET /__sim/devices` (contract §2). */
export interface DeviceSummary {
  id: string;
  kind: 'camera';
  model: string;
  name: string;
  mac: string;
  uuid: string;
  serial: string;
  firmware: string;
  ip: string;
  ports: { http: number; https: number };
  activated: boolean;
  power: 'on' | 'off';
  internet: boolean;
  lan: string;
  faults: string[];
}

/** Device-level faults are read off the device's state; network-level ones off the registry. */
export function activeFaults(device: Device, network: NetworkFaults): string[] {
  const { state } = device;
  return [...(state.power === 'off' ? ['power-off'] : []), ...(state.internet ? [] : ['no-internet']), ...network.of(device.id)];
}

export function summarise(device: Device, ports: { http: number; https: number }, network: NetworkFaults): DeviceSummary {
  const { identity, flash, power, internet } = device.state;
  return {
    id: identity.id, kind: 'camera', model: identity.model, name: identity.name, mac: identity.mac, uuid: identity.uuid,
    serial: identity.serial, firmware: identity.firmware, ip: identity.ip, ports, activated: flash.status === 'activated',
    power, internet, lan: 'default', faults: activeFaults(device, network),
  };
}
