/**
 * Faults that live next to the socket rather than in the device: `offline` (the network cable
 * is cut: connections are dropped while the device itself keeps running).
 */
export const networkFaultTypes = ['offline'] as const;
export type NetworkFaultType = (typeof networkFaultTypes)[number];

export class NetworkFaults {
  readonly #active = new Map<string, Set<NetworkFaultType>>();

  apply(deviceId: string, type: NetworkFaultType): void {
    const set = this.#active.get(deviceId) ?? new Set();
    set.add(type);
    this.#active.set(deviceId, set);
  }

  clear(deviceId: string, type?: NetworkFaultType): void {
    if (type === undefined) this.#active.delete(deviceId);
    else this.#active.get(deviceId)?.delete(type);
  }

  has(deviceId: string, type: NetworkFaultType): boolean {
    return this.#active.get(deviceId)?.has(type) ?? false;
  }

  of(deviceId: string): NetworkFaultType[] {
    return [...(this.#active.get(deviceId) ?? [])];
  }
}
