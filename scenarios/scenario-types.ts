import type { TimelineEntry } from './timeline-types.js';
import type { Suite } from './suite-types.js';

/**
 * The scenario as the rest of the emulator sees it, after loading and validation. Version 1 is
 * a list of devices (cameras and NVRs, the cameras each NVR has added as channels, and the LAN
 * each device is on) with their initial state. Keys are camelCase.
 */
export interface SecurityQuestionSpec {
  readonly question: string;
  readonly answer: string;
}

/** What every device in a scenario has: identity, address, account and environment. */
interface ScenarioDeviceBase {
  readonly id: string;
  /** VIGI model code (cameras default to "C340", NVRs to "NVR1008H"). */
  readonly model: string;
  /** Display name. Default: the id. */
  readonly name: string;
  /** Identity; generated from the seed when absent. MAC as `40-AE-30-xx-xx-xx`. */
  readonly mac?: string;
  readonly uuid?: string;
  readonly serial?: string;
  readonly firmware?: string;
  /** IPv4 address; allocated from 127.77.0.0/16 in scenario order when absent. */
  readonly ip?: string;
  readonly activated: boolean;
  /** Plain admin password; required when activated. Stored by the device only in MD5 form. */
  readonly password?: string;
  readonly resetEmail?: string;
  readonly securityQuestions?: readonly SecurityQuestionSpec[];
  readonly internet: boolean;
  readonly power: 'on' | 'off';
  /** The LAN the device is on; an NVR finds and adds only cameras on its own LAN. Default: "default". */
  readonly lan: string;
  /** Whether VIGI OpenAPI (port `ports.openapi`) is switched on. Absent: off, as on a real device. */
  readonly openapi?: boolean;
}

export interface ScenarioCamera extends ScenarioDeviceBase {
  readonly kind: 'camera';
}

export interface ScenarioChannel {
  /** id of a camera in this scenario that the NVR has added as a channel. */
  readonly camera: string;
  /** The password the NVR stores for that camera. Default: the camera's own password (so the channel is certified). A different one makes the channel "added but not certified". */
  readonly password?: string;
}

export interface ScenarioNvr extends ScenarioDeviceBase {
  readonly kind: 'nvr';
  /**
   * The cameras it has added, in channel order (empty by default). Validated: each names an
   * activated camera of this scenario on the same LAN, a channel of no other NVR; a factory-fresh
   * NVR has none.
   */
  readonly channels: readonly ScenarioChannel[];
}

export type ScenarioDevice = ScenarioCamera | ScenarioNvr;

export interface Scenario {
  readonly version: 1;
  readonly name?: string;
  readonly seed?: number;
  /** Ports every device serves on (each device has its own IP). Defaults: 8443 and 8080; OpenAPI 20443 when absent. */
  readonly ports: { readonly https: number; readonly http: number; readonly openapi?: number };
  readonly devices: readonly ScenarioDevice[];
  /** Faults over time; empty by default. */
  readonly timeline: readonly TimelineEntry[];
  /** Present when the file is a test suite (`vigi-sim test`). */
  readonly suite?: Suite;
}

/** One problem found in a scenario file, with where it is. */
export interface ScenarioProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}
