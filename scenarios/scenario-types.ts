/**
 * The scenario as the rest of the emulator sees it, after loading and validation. Version 1 is
 * the minimal format: a list of cameras with their initial state. Keys are camelCase.
 */
export interface SecurityQuestionSpec {
  readonly question: string;
  readonly answer: string;
}

export interface ScenarioCamera {
  readonly id: string;
  readonly kind: 'camera';
  readonly model: string;
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
}

export type ScenarioDevice = ScenarioCamera;

export interface Scenario {
  readonly version: 1;
  readonly name?: string;
  readonly seed?: number;
  /** Ports every device serves on (each device has its own IP). Defaults: 8443 and 8080. */
  readonly ports: { readonly https: number; readonly http: number };
  readonly devices: readonly ScenarioDevice[];
}

/** One problem found in a scenario file, with where it is. */
export interface ScenarioProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}
