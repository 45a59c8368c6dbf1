import { parseDuration } from './duration.js';
import type { ValuePath } from './source-locator.js';
import type { FaultSpec, FaultType, TimelineAction, TimelineEntry, TimelineTrigger } from './timeline-types.js';
import type { DetectionType } from '../devices/camera/camera-detection.js';

/** Where a value is in the file, as `file:line:column`. */
export type WhereIs = (path: ValuePath) => string;

/** A fault as a validated file writes it (timeline `fault`, suite `fault`). */
export interface ValidFault {
  type: FaultType;
  device?: string;
  ms?: number;
  probability?: number;
}

export interface ValidTimelineEntry {
  at?: string | number;
  after?: { event: string; device?: string; count?: number };
  fault?: ValidFault;
  clear?: { type: FaultType; device?: string };
  factoryReset?: { device: string };
  detect?: { device: string; type: DetectionType };
  for?: string;
}

/** Durations that passed validation always parse. */
export function durationMs(value: string | number): number {
  return parseDuration(value) as number;
}

export function toFaultSpec(fault: ValidFault): FaultSpec {
  return {
    type: fault.type,
    ...(fault.device !== undefined ? { device: fault.device } : {}),
    ...(fault.ms !== undefined ? { ms: fault.ms } : {}),
    ...(fault.probability !== undefined ? { probability: fault.probability } : {}),
  };
}

/**
 * The validated `timeline` as the emulator runs it: durations in ms, `fault` as `apply` with
 * `forMs`, `after.count` filled in (1), and a label that says where each entry is.
 */
export function toTimeline(entries: readonly ValidTimelineEntry[] | undefined, where: WhereIs): TimelineEntry[] {
  return (entries ?? []).map((entry, index): TimelineEntry => ({
    ...trigger(entry),
    ...action(entry),
    label: `timeline[${index}] (${where(['timeline', index])})`,
  }));
}

function trigger(entry: ValidTimelineEntry): TimelineTrigger {
  if (entry.after) {
    const { event, device, count } = entry.after;
    return { after: { event, ...(device !== undefined ? { device } : {}), count: count ?? 1 } };
  }
  return { at: durationMs(entry.at as string | number) };
}

function action(entry: ValidTimelineEntry): TimelineAction {
  if (entry.fault) return { apply: toFaultSpec(entry.fault), ...(entry.for !== undefined ? { forMs: durationMs(entry.for) } : {}) };
  if (entry.clear) return { clear: { type: entry.clear.type, ...(entry.clear.device !== undefined ? { device: entry.clear.device } : {}) } };
  if (entry.detect) return { detect: { device: entry.detect.device, type: entry.detect.type } };
  return { factoryReset: { device: (entry.factoryReset as { device: string }).device } };
}
