import type { DiscoveryPort, FoundDevice } from '../../devices/nvr/nvr-ports.js';

/**
 * An NVR's "found devices": what an mDNS browse on the (loopback) LAN hears right now, kept to
 * the NVR's own scenario LAN. The browse is real multicast traffic; the LAN filter stands in for
 * the broadcast domain that separate networks would give.
 */
export interface BrowsedService {
  readonly ip: string;
  readonly port: number;
  readonly txt: Readonly<Record<string, string>>;
  readonly name: string;
}

export class LanDiscovery implements DiscoveryPort {
  readonly #browse: () => Promise<readonly BrowsedService[]>;
  readonly #lanOf: (ip: string) => string | undefined;

  constructor(browse: () => Promise<readonly BrowsedService[]>, lanOf: (ip: string) => string | undefined) {
    this.#browse = browse;
    this.#lanOf = lanOf;
  }

  async find(lan: string): Promise<FoundDevice[]> {
    const services = await this.#browse();
    return services
      .filter((service) => this.#lanOf(service.ip) === lan)
      .map((service) => ({
        uuid: service.txt.uuid ?? '',
        ip: service.ip,
        port: service.port,
        mac: service.txt.mac ?? '',
        model: service.txt.model ?? '',
        name: service.name.replace(/\s*\([0-9a-f]{6}\)$/i, ''),
        kind: service.txt.kind ?? 'camera',
        activated: service.txt.activated === '1',
      }))
      .sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
  }
}
