import type { Device, Fleet } from '../devices/fleet.js';
import type { AdvertisedDevice, DiscoverySource } from './discovery/advertised-device.js';
import type { NetworkFaults } from './net/network-faults.js';

/**
 * What the fleet announces on the LAN: every device that is powered on and whose cable is in.
 * When the control plane changes a device, it says hello or goodbye on mDNS accordingly.
 */
export class FleetAdvertisement implements DiscoverySource {
  readonly #fleet: Fleet;
  readonly #ports: { http: number; https: number };
  readonly #network: NetworkFaults;
  readonly #announced = new Map<string, string>();

  constructor(fleet: Fleet, ports: { http: number; https: number }, network: NetworkFaults) {
    this.#fleet = fleet;
    this.#ports = ports;
    this.#network = network;
  }

  #visible(device: Device): boolean {
    return device.state.power === 'on' && !this.#network.has(device.id, 'offline');
  }

  describe(device: Device): AdvertisedDevice {
    const { identity, flash } = device.state;
    return {
      id: identity.id, kind: device.kind, name: identity.name, model: identity.model, mac: identity.mac, uuid: identity.uuid,
      firmware: identity.firmware, activated: flash.status === 'activated', ip: identity.ip, httpsPort: this.#ports.https, httpPort: this.#ports.http,
    };
  }

  advertised(): AdvertisedDevice[] {
    return this.#fleet.list().filter((device) => this.#visible(device)).map((device) => this.describe(device));
  }

  /** Re-announces a device whose visibility or records changed (power, cable, activation). */
  changed(device: Device, mdns: { announce(device: AdvertisedDevice): void; goodbye(device: AdvertisedDevice): void }): void {
    const record = this.describe(device);
    const fingerprint = JSON.stringify(record);
    const visible = this.#visible(device);
    const before = this.#announced.get(device.id);
    if (!visible) {
      if (before !== 'gone') mdns.goodbye(record);
      this.#announced.set(device.id, 'gone');
    } else if (before !== fingerprint) {
      mdns.announce(record);
      this.#announced.set(device.id, fingerprint);
    }
  }
}
