import type { DeviceFaultType, FaultType } from '../../devices/faults/fault-spec.js';
import type { DetectionType } from '../../devices/camera/camera-detection.js';

/**
 * A scenario written as an object for `startSimulator({ scenario })`: the shape of a scenario
 * file (scenarios/scenario.schema.json), with the same defaults. It is checked as a file is,
 * and every problem is reported before anything starts.
 */
export interface ScenarioDefinition {
  readonly version: 1;
  readonly name?: string;
  readonly seed?: number;
  /** Ignored by startSimulator, which always serves on free ports. */
  readonly ports?: { readonly https?: number; readonly http?: number; readonly openapi?: number };
  readonly devices: readonly DeviceDefinition[];
  readonly timeline?: readonly TimelineEntryDefinition[];
  /** A suite for `vigi-sim test` (see the schema); startSimulator does not run it. */
  readonly suite?: unknown;
}

/** A duration as files write it: `500ms`, `30s`, `5m`, `1h`, `1m30s`, or 0. */
export type DurationText = string | 0;

interface DeviceDefinitionBase {
  /** Lower-case letters, digits and "-". */
  readonly id: string;
  readonly model?: string;
  readonly name?: string;
  readonly mac?: string;
  readonly uuid?: string;
  readonly serial?: string;
  readonly firmware?: string;
  /** Allocated from 127.77.0.0/16 in scenario order when absent. */
  readonly ip?: string;
  /** Default true; false: factory-fresh (then no password, email or questions). */
  readonly activated?: boolean;
  /** Required when activated. */
  readonly password?: string;
  readonly resetEmail?: string;
  /** Exactly three. */
  readonly securityQuestions?: readonly { readonly question: string; readonly answer: string }[];
  /** Default true. */
  readonly internet?: boolean;
  /** Default "on". */
  readonly power?: 'on' | 'off';
  /** Default "default". */
  readonly lan?: string;
  /** VIGI OpenAPI switched on at start (default false; only on an activated device). */
  readonly openapi?: boolean;
}

export interface CameraDefinition extends DeviceDefinitionBase {
  readonly kind: 'camera';
}

export interface NvrDefinition extends DeviceDefinitionBase {
  readonly kind: 'nvr';
  /** Cameras this NVR has added, in channel order; a `password` other than the camera's makes the channel "not certified". */
  readonly channels?: readonly { readonly camera: string; readonly password?: string }[];
}

export type DeviceDefinition = CameraDefinition | NvrDefinition;

type Trigger = { readonly at: DurationText; readonly after?: never } | { readonly after: { readonly event: string; readonly device?: string; readonly count?: number }; readonly at?: never };

type Action =
  | { readonly fault: { readonly type: FaultType; readonly device?: string; readonly ms?: number; readonly probability?: number }; readonly for?: DurationText }
  | { readonly clear: { readonly type: FaultType; readonly device?: string } }
  | { readonly factoryReset: { readonly device: string } }
  | { readonly detect: { readonly device: string; readonly type: DetectionType } };

export type TimelineEntryDefinition = Trigger & Action;

export type { DeviceFaultType, FaultType };
