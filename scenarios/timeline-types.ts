/**
 * What happens to a topology over time (scenario key `timeline`): faults applied and cleared at
 * a virtual time or after an event, e.g. "at 30s power cam-front off" or "after the second code
 * sent, take SMTP down for 30s", and what cameras detect ("at 10s a person at cam-front"). Durations are written `500ms`, `30s`, `5m`, `1h` in files and
 * held in milliseconds here.
 */
export { deviceFaultTypes, globalFaultTypes, type DeviceFaultType, type GlobalFaultType, type FaultType, type FaultSpec } from '../devices/faults/fault-spec.js';
import type { FaultSpec, FaultType } from '../devices/faults/fault-spec.js';
import type { DetectionType } from '../devices/camera/camera-detection.js';

/** When a timeline entry fires: at a virtual time since start, or after the nth matching event. */
export type TimelineTrigger =
  | { readonly at: number }
  | { readonly after: { readonly event: string; readonly device?: string; readonly count: number } };

export type TimelineAction =
  | { readonly apply: FaultSpec; readonly forMs?: number }
  | { readonly clear: { readonly type: FaultType; readonly device?: string } }
  | { readonly factoryReset: { readonly device: string } }
  | { readonly detect: { readonly device: string; readonly type: DetectionType } };

export type TimelineEntry = TimelineTrigger & TimelineAction & {
  /** Where the entry is in the file, for messages ("timeline[2] at scenario.yaml:31:5"). */
  readonly label: string;
};
