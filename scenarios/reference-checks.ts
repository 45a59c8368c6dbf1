import { probabilisticFaultTypes } from '../devices/faults/fault-spec.js';
import { didYouMean } from './did-you-mean.js';
import { isDurationText, parseDuration } from './duration.js';
import { describeValue } from './problem-text.js';
import type { ValuePath } from './source-locator.js';
import { deviceFaultTypes, globalFaultTypes, type FaultType } from './timeline-types.js';

/**
 * What the timeline and the suite checks share: devices named by id, faults, durations. The
 * input may still break the schema (reported there), so every read checks its type first and
 * a value of the wrong type is left alone.
 */
export type Entry = Readonly<Record<string, unknown>>;
export type Report = (path: ValuePath, message: string, part?: 'key' | 'value') => void;

export function isEntry(value: unknown): value is Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export type DeviceKind = 'camera' | 'nvr';

/** The kind of each device id (the first device with it; a repeated id is reported elsewhere). */
export function deviceKinds(scenario: Entry): ReadonlyMap<string, DeviceKind> {
  const kinds = new Map<string, DeviceKind>();
  const devices = Array.isArray(scenario.devices) ? (scenario.devices as unknown[]) : [];
  for (const device of devices) {
    if (!isEntry(device) || typeof device.id !== 'string' || kinds.has(device.id)) continue;
    // No kind is a camera that lacks its kind (the schema says so); any other kind is neither.
    const kind = device.kind ?? 'camera';
    if (kind === 'camera' || kind === 'nvr') kinds.set(device.id, kind);
  }
  return kinds;
}

/**
 * `path` names a device of this scenario, of the kind `wanted` (any when absent). `user` is who
 * needs it, for the message: `"nvrTable"`.
 */
export function checkDeviceRef(
  kinds: ReadonlyMap<string, DeviceKind>,
  report: Report,
  path: ValuePath,
  id: unknown,
  wanted?: { kind: DeviceKind; user: string },
): void {
  if (typeof id !== 'string') return;
  const kind = kinds.get(id);
  const noun = (k: DeviceKind | undefined): string => (k === 'nvr' ? 'NVR' : k === 'camera' ? 'camera' : 'device');
  if (kind === undefined) {
    const candidates = [...kinds].filter(([, k]) => !wanted || k === wanted.kind).map(([name]) => name);
    const guess = didYouMean(id, candidates);
    report(path, `no ${noun(wanted?.kind)} in this scenario has the id ${describeValue(id)}${guess ? ` (did you mean "${guess}"?)` : ''}`);
  } else if (wanted && kind !== wanted.kind) {
    report(path, `${describeValue(id)} is ${kind === 'nvr' ? 'an NVR' : 'a camera'}; ${wanted.user} needs ${wanted.kind === 'nvr' ? 'an NVR' : 'a camera'}`);
  }
}

const isGlobal = (type: FaultType): boolean => (globalFaultTypes as readonly string[]).includes(type);
const faultTypes = new Set<string>([...deviceFaultTypes, ...globalFaultTypes]);

/**
 * A fault to apply (`apply`) or to clear: a device for every fault but the global ones (and
 * none for those), an existing device, `ms` for latency only, `probability` only where a
 * fault strikes per request (the control plane refuses the rest, so the file does too).
 */
export function checkFault(kinds: ReadonlyMap<string, DeviceKind>, report: Report, path: ValuePath, fault: unknown, apply: boolean): void {
  if (!isEntry(fault) || typeof fault.type !== 'string' || !faultTypes.has(fault.type)) return;
  const type = fault.type as FaultType;
  if (isGlobal(type)) {
    if (fault.device !== undefined) report([...path, 'device'], `"${type}" is a global fault and takes no device; remove this key`, 'key');
  } else if (fault.device === undefined) {
    report(path, `missing required key "device" ("${type}" is a fault of one device)`);
  } else {
    checkDeviceRef(kinds, report, [...path, 'device'], fault.device);
  }
  if (!apply) return;
  if (type === 'latency' && fault.ms === undefined) {
    report(path, 'missing required key "ms" (a latency fault needs its delay in milliseconds, 1 to 60000)');
  }
  if (type !== 'latency' && fault.ms !== undefined) {
    report([...path, 'ms'], `"ms" applies only to a latency fault, not to "${type}"; remove this key`, 'key');
  }
  if (fault.probability !== undefined && !probabilisticFaultTypes.includes(type)) {
    report([...path, 'probability'], `"${type}" is all or nothing; "probability" applies to ${probabilisticFaultTypes.join(', ')}`, 'key');
  }
}

/**
 * A duration the schema accepted may still be too long to count in milliseconds, and where a
 * wait is meant (`for`, `advance`, a mail's `timeout`), 0 is no duration at all.
 */
export function checkDuration(report: Report, path: ValuePath, value: unknown, positive: boolean): void {
  if (value !== 0 && !isDurationText(value)) return; // not a duration: the schema says so
  const ms = parseDuration(value);
  if (ms === undefined) report(path, `${describeValue(value)} is too long to count in milliseconds`);
  else if (positive && ms === 0) report(path, 'must be longer than 0');
}
