import type { AdvertisedDevice } from './advertised-device.js';
import type { RecordGroup } from './mdns-answers.js';
import { MDNS_PAYLOAD_LIMIT, packResponses } from './mdns-packets.js';
import { deviceRecords, serviceEnumerationRecord } from './mdns-records.js';

/** RFC 6762 §8.3: at least two announcements, one second apart. */
const REPEAT_MS = 1000;

/**
 * Unsolicited hellos and goodbyes. Changes made in the same tick go out together, packed into
 * as few packets as fit, so starting 1,000 devices costs a few hundred packets rather than
 * 1,000. All records go in the answer section (§8.3); the enumeration PTR rides along.
 */
export class MdnsAnnouncer {
  readonly #send: (packets: Buffer[]) => void;
  readonly #changed: () => void;
  /** The device object last announced, per id; a newer announcement replaces the repeat. */
  readonly #live = new Map<string, AdvertisedDevice>();
  readonly #pending = new Map<string, { device: AdvertisedDevice; hello: boolean }>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #scheduled: NodeJS.Immediate | undefined;

  constructor(send: (packets: Buffer[]) => void, changed: () => void) {
    this.#send = send;
    this.#changed = changed;
  }

  live(): AdvertisedDevice[] {
    return [...this.#live.values()];
  }

  announce(device: AdvertisedDevice): void {
    this.#live.set(device.id, device);
    this.#queue(device, true);
  }

  goodbye(device: AdvertisedDevice): void {
    this.#live.delete(device.id);
    this.#queue(device, false);
  }

  /** Stops the repeats and says goodbye for everything announced or advertised, now. */
  close(advertised: readonly AdvertisedDevice[]): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    const byes = new Map([...advertised, ...this.#live.values()].map((d) => [d.id, d]));
    for (const { device, hello } of this.#pending.values()) if (!hello) byes.set(device.id, device);
    this.#pending.clear();
    this.#live.clear();
    this.#emit([...byes.values()], true);
  }

  #queue(device: AdvertisedDevice, hello: boolean): void {
    this.#pending.set(device.id, { device, hello });
    this.#scheduled ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = undefined;
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    const hellos = batch.filter((p) => p.hello).map((p) => p.device);
    this.#emit(batch.filter((p) => !p.hello).map((p) => p.device), true);
    this.#emit(hellos, false);
    if (hellos.length > 0) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        // Only devices not changed or gone since: a newer announcement has its own repeat.
        this.#emit(hellos.filter((d) => this.#live.get(d.id) === d), false);
      }, REPEAT_MS);
      timer.unref();
      this.#timers.add(timer);
    }
    this.#changed();
  }

  #emit(devices: readonly AdvertisedDevice[], goodbye: boolean): void {
    if (devices.length === 0) return;
    const groups: RecordGroup[] = devices.map((device) => {
      const r = deviceRecords(device, { goodbye });
      return { answers: [r.ptr, r.srv, r.txt, r.a], additionals: [] };
    });
    // The service type itself goes away only with the last device.
    if (!goodbye || this.#live.size === 0) groups.push({ answers: [serviceEnumerationRecord({ goodbye })], additionals: [] });
    this.#send(packResponses(groups, MDNS_PAYLOAD_LIMIT));
  }
}
