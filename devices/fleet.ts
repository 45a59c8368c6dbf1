import type { Camera } from './camera/camera.js';
import type { Nvr } from './nvr/nvr.js';

export type Device = Camera | Nvr;

/** Every emulated device, found by id or by the IP a connection arrived on. */
export class Fleet {
  readonly #byId = new Map<string, Device>();
  readonly #byIp = new Map<string, Device>();

  add(device: Device): void {
    const { id, ip } = device.state.identity;
    if (this.#byId.has(id)) throw new Error(`duplicate device id ${id}`);
    if (this.#byIp.has(ip)) throw new Error(`duplicate device ip ${ip}`);
    this.#byId.set(id, device);
    this.#byIp.set(ip, device);
  }

  byId(id: string): Device | undefined {
    return this.#byId.get(id);
  }

  byIp(ip: string): Device | undefined {
    return this.#byIp.get(ip);
  }

  list(): Device[] {
    return [...this.#byId.values()];
  }

  get size(): number {
    return this.#byId.size;
  }
}
