import type { Device, Fleet } from '../devices/fleet.js';
import type { AdvertisedDevice, DiscoverySource } from './discovery/advertised-device.js';
import type { FaultRegistry } from '../devices/faults/fault-registry.js';

/**
 * What the fleet announces on the LAN: every device that is powered on, whose cable is in, and
 * whose responder is not silenced (`mdns-silent`).
 * When the control plane changes a device, it says hello or goodbye on mDNS accordingly.
 */
export class FleetAdvertisement implements DiscoverySource {
  readonly #fleet: Fleet;
  readonly #ports: { http: number; https: number };
  readonly #faults: FaultRegistry;
  readonly #announced = new Map<string, string>();

  constructor(fleet: Fleet, ports: { http: number; https: number }, faults: FaultRegistry) {
    this.#fleet = fleet;
    this.#ports = ports;
    this.#faults = faults;
    // What the responder announces when it starts, so the first change is measured against it.
    for (const device of fleet.list()) this.#announced.set(device.id, this.#visible(device) ? JSON.stringify(this.describe(device)) : 'gone');
  }

  #visible(device: Device): boolean {
    const cable = this.#faults.get('offline', device.id);
    const cut = cable !== undefined && cable.spec.probability === undefined;
    return device.state.power === 'on' && !cut && !this.#faults.get('mdns-silent', device.id);
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

  /** Re-announces a device whose visibility or records changed; returns the discovery change, if any. */
  changed(device: Device, mdns: { announce(device: AdvertisedDevice): void; goodbye(device: AdvertisedDevice): void; silence(device: AdvertisedDevice): void }): 'announced' | 'goodbye' | 'silenced' | undefined {
    const record = this.describe(device);
    const fingerprint = JSON.stringify(record);
    const before = this.#announced.get(device.id);
    if (!this.#visible(device)) {
      this.#announced.set(device.id, 'gone');
      if (before === 'gone') return undefined;
      // A silenced responder says nothing at all, not even goodbye; caches expire on their own.
      if (this.#faults.get('mdns-silent', device.id)) {
        mdns.silence(record);
        return 'silenced';
      }
      mdns.goodbye(record);
      return 'goodbye';
    }
    if (before === fingerprint) return undefined;
    mdns.announce(record);
    this.#announced.set(device.id, fingerprint);
    return 'announced';
  }
}
