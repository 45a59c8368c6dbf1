import type { NsecAnswer, SrvAnswer, StringAnswer, TxtAnswer } from 'dns-packet';
import type { AdvertisedDevice } from './advertised-device.js';

/** Our own service type: no public source names one for VIGI devices (wire facts §3.4). */
export const VIGI_SERVICE = '_vigi._tcp.local';
/** RFC 6763 §9: browsing for this lists every service type on the link. */
export const SERVICE_ENUMERATION = '_services._dns-sd._udp.local';
/** RFC 6762 §10: records that carry a host name live 120 s, the others 75 minutes. */
export const HOST_TTL = 120;
export const OTHER_TTL = 4500;
/** RFC 6762 §6.7: legacy unicast answers SHOULD NOT carry a TTL above ten seconds. */
export const LEGACY_TTL = 10;

export interface DeviceRecords {
  ptr: StringAnswer;
  srv: SrvAnswer;
  txt: TxtAnswer;
  a: StringAnswer;
  /** RFC 6762 §6.1 negative answers: the host name has only an A record (no AAAA)... */
  hostNsec: NsecAnswer;
  /** ...and the instance name only SRV and TXT. */
  instanceNsec: NsecAnswer;
}

export interface RecordOptions {
  /** A legacy unicast answer: TTL at most 10 s and never the cache-flush bit. */
  legacy?: boolean;
  /** A goodbye (RFC 6762 §10.1): every TTL is 0. */
  goodbye?: boolean;
}

const macHex = (device: AdvertisedDevice): string => device.mac.replace(/[^0-9a-f]/gi, '').toLowerCase();

/**
 * `<name> (<last 6 hex of MAC>)`: the suffix keeps equal names apart, as on real gear. dns-packet
 * cannot encode a dot inside a label (it would split the name), so dots, backslashes and control
 * characters become dashes; the label is cut to 63 bytes (RFC 1035) without splitting a character.
 */
export function instanceLabel(device: AdvertisedDevice): string {
  const suffix = ` (${macHex(device).slice(-6)})`;
  let base = device.name.replace(/[.\\\u0000-\u001f\u007f]/g, '-').trim() || device.model || device.kind;
  while (Buffer.byteLength(base + suffix) > 63) base = [...base].slice(0, -1).join('');
  return base.trimEnd() + suffix;
}

export const instanceName = (device: AdvertisedDevice): string => `${instanceLabel(device)}.${VIGI_SERVICE}`;

export const hostName = (device: AdvertisedDevice): string => `vigi-${device.kind}-${macHex(device)}.local`;

export function txtEntries(device: AdvertisedDevice): Record<string, string> {
  return {
    model: device.model, mac: device.mac, uuid: device.uuid, fw: device.firmware,
    activated: device.activated ? '1' : '0', kind: device.kind,
  };
}

/** Built records by device content and options; dropped whole when it outgrows any fleet. */
const built = new Map<string, DeviceRecords>();
const BUILT_MAX = 50_000;

/**
 * The records of one device; all but the PTR are unique to it, so they carry cache-flush.
 * The same device content gets the same (frozen in practice: never mutate them) record objects,
 * so answering a browse of 1,000 devices does not rebuild 4,000 records and their keys each time.
 */
export function deviceRecords(device: AdvertisedDevice, options: RecordOptions = {}): DeviceRecords {
  const key = `${options.legacy ? 'L' : ''}${options.goodbye ? 'G' : ''}|${device.id}|${device.kind}|${device.name}|${device.model}|${device.mac}|${device.uuid}|${device.firmware}|${device.activated}|${device.ip}|${device.httpsPort}`;
  let records = built.get(key);
  if (!records) {
    if (built.size >= BUILT_MAX) built.clear();
    records = buildDeviceRecords(device, options);
    built.set(key, records);
  }
  return records;
}

function buildDeviceRecords(device: AdvertisedDevice, options: RecordOptions): DeviceRecords {
  const ttl = (normal: number): number => (options.goodbye ? 0 : options.legacy ? Math.min(normal, LEGACY_TTL) : normal);
  const flush = !options.legacy;
  const instance = instanceName(device);
  const host = hostName(device);
  // A TXT string holds at most 255 bytes (RFC 6763 §6.1); ours are far shorter, but cut anyway.
  const txt = Object.entries(txtEntries(device)).map(([key, value]) => Buffer.from(`${key}=${value}`).subarray(0, 255));
  return {
    ptr: { name: VIGI_SERVICE, type: 'PTR', class: 'IN', ttl: ttl(OTHER_TTL), data: instance },
    srv: { name: instance, type: 'SRV', class: 'IN', ttl: ttl(HOST_TTL), flush, data: { priority: 0, weight: 0, port: device.httpsPort, target: host } },
    txt: { name: instance, type: 'TXT', class: 'IN', ttl: ttl(OTHER_TTL), flush, data: txt },
    a: { name: host, type: 'A', class: 'IN', ttl: ttl(HOST_TTL), flush, data: device.ip },
    // The TTL a missing record would have had (RFC 6762 §6.1); the next domain is the name itself.
    hostNsec: { name: host, type: 'NSEC', class: 'IN', ttl: ttl(HOST_TTL), flush, data: { nextDomain: host, rrtypes: ['A'] } },
    instanceNsec: { name: instance, type: 'NSEC', class: 'IN', ttl: ttl(HOST_TTL), flush, data: { nextDomain: instance, rrtypes: ['TXT', 'SRV'] } },
  };
}

/** `_services._dns-sd._udp.local PTR _vigi._tcp.local` (shared, so no cache-flush). */
export function serviceEnumerationRecord(options: RecordOptions = {}): StringAnswer {
  const ttl = options.goodbye ? 0 : options.legacy ? LEGACY_TTL : OTHER_TTL;
  return { name: SERVICE_ENUMERATION, type: 'PTR', class: 'IN', ttl, data: VIGI_SERVICE };
}
