import type { AdvertisedDevice } from './advertised-device.js';
import type { RecordGroup } from './mdns-answers.js';
import { MDNS_PAYLOAD_LIMIT, packResponses } from './mdns-packets.js';
import { deviceRecords, hostName, instanceName, serviceEnumerationRecord } from './mdns-records.js';

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
  readonly #limit: number;
  /** The device object last announced, per id; a newer announcement replaces the repeat. */
  readonly #live = new Map<string, AdvertisedDevice>();
  readonly #hellos = new Map<string, AdvertisedDevice>();
  /** Keyed by instance name: a renamed device says goodbye under its old name. */
  readonly #byes = new Map<string, AdvertisedDevice>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #scheduled: NodeJS.Immediate | undefined;

  /** `limit`: DNS message bytes per packet on the interface (see payloadLimitFor). */
  constructor(send: (packets: Buffer[]) => void, changed: () => void, limit = MDNS_PAYLOAD_LIMIT) {
    this.#send = send;
    this.#changed = changed;
    this.#limit = limit;
  }

  live(): AdvertisedDevice[] {
    return [...this.#live.values()];
  }

  announce(device: AdvertisedDevice): void {
    const previous = this.#live.get(device.id);
    // Renamed (or a new MAC): caches would keep the old PTR for 75 minutes without a goodbye.
    if (previous && (instanceName(previous) !== instanceName(device) || hostName(previous) !== hostName(device))) {
      this.#byes.set(instanceName(previous), previous);
    }
    this.#live.set(device.id, device);
    this.#byes.delete(instanceName(device));
    this.#hellos.set(device.id, device);
    this.#schedule();
  }

  goodbye(device: AdvertisedDevice): void {
    this.#live.delete(device.id);
    this.#hellos.delete(device.id);
    this.#byes.set(instanceName(device), device);
    this.#schedule();
  }

  /** Forgets a device without a word (a silenced responder): no goodbye, no pending repeat. */
  silence(device: AdvertisedDevice): void {
    this.#live.delete(device.id);
    this.#hellos.delete(device.id);
  }

  /** Stops the repeats and says goodbye for everything announced, advertised or leaving, now. */
  close(advertised: readonly AdvertisedDevice[]): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const device of [...advertised, ...this.#live.values()]) this.#byes.set(instanceName(device), device);
    const byes = [...this.#byes.values()];
    this.#hellos.clear();
    this.#byes.clear();
    this.#live.clear();
    this.#emit(byes, true);
  }

  #schedule(): void {
    this.#scheduled ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = undefined;
    const hellos = [...this.#hellos.values()];
    const byes = [...this.#byes.values()];
    this.#hellos.clear();
    this.#byes.clear();
    this.#emit(byes, true);
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
    this.#send(packResponses(groups, this.#limit));
  }
}
