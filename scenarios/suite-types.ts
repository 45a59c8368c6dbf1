/**
 * A scenario that is also a test suite (scenario key `suite`): client steps against the devices,
 * through a built-in driver that speaks the VIGI protocol, each with an expectation. `vigi-sim
 * test` runs them and prints one TAP line per step: `ok N - <suite> > <step>`.
 *
 * Values in `params`, `password`, `qrcode`... may refer to earlier captures as `${name}`.
 * `expect` is a subset match against the reply (nested objects match partially; a string that
 * starts and ends with `/` is a regular expression). `capture` stores values from the reply by
 * dotted path (`forget_password.reset_token`), or from a mail's text by a regular expression
 * with one group.
 */
export type SuiteAction =
  /** A raw request: `{"method": method, module: params}` (pre-auth unless `session`). */
  | { readonly kind: 'call'; readonly device: string; readonly method: string; readonly module: string; readonly params?: unknown; readonly session?: boolean }
  | { readonly kind: 'login'; readonly device: string; readonly password: string; readonly username?: string }
  | { readonly kind: 'activate'; readonly device: string; readonly password: string; readonly resetEmail?: string; readonly questions?: readonly { question: string; answer: string }[] }
  /** A `forget_password` action; `session: true` sends it with the device's stok (camera already added). */
  | { readonly kind: 'forget'; readonly device: string; readonly action: string; readonly params?: Readonly<Record<string, unknown>>; readonly session?: boolean }
  | { readonly kind: 'reset-password'; readonly device: string; readonly token: string; readonly password: string }
  /** A `chm` action on an NVR (with its session), or `table: added_dev`. */
  | { readonly kind: 'nvr'; readonly device: string; readonly action: string; readonly params?: Readonly<Record<string, unknown>> }
  | { readonly kind: 'nvr-table'; readonly device: string }
  /** chm_mod_dev_passwd with both envelopes under one NVR challenge. */
  | { readonly kind: 'nvr-change-password'; readonly device: string; readonly channel: string; readonly nvrPassword: string; readonly newPassword: string }
  /** chm_add_dev_list of one camera with its password, under the NVR's challenge. */
  | { readonly kind: 'nvr-add'; readonly device: string; readonly camera: string; readonly password: string }
  /** Waits for the next mail to `to` (arriving after the previous step), up to `timeoutMs`. */
  | { readonly kind: 'mail'; readonly to: string; readonly timeoutMs?: number }
  | { readonly kind: 'app-scan'; readonly qrcode: string }
  | { readonly kind: 'support-code'; readonly qrcode: string }
  | { readonly kind: 'fault'; readonly fault: import('./timeline-types.js').FaultSpec }
  | { readonly kind: 'clear-fault'; readonly type: import('./timeline-types.js').FaultType; readonly device?: string }
  | { readonly kind: 'factory-reset'; readonly device: string }
  | { readonly kind: 'advance'; readonly ms: number }
  /**
   * VIGI OpenAPI (port 20443): with `password`, log in (camera doAuth, NVR Digest token); with
   * `call`, a camera method on the stok or the NVR's `added_devices`. Both: log in, then call.
   */
  | { readonly kind: 'openapi'; readonly device: string; readonly password?: string; readonly call?: string; readonly params?: Readonly<Record<string, unknown>> }
  /** The camera detects something (control plane). */
  | { readonly kind: 'detect'; readonly device: string; readonly type: import('../devices/camera/camera-detection.js').DetectionType }
  /** The next detection on the camera's subscribeMsg stream, up to `timeoutMs`. */
  | { readonly kind: 'openapi-event'; readonly device: string; readonly timeoutMs?: number }
  /** A named checkpoint of the whole topology, and a return to one. */
  | { readonly kind: 'checkpoint'; readonly name: string }
  | { readonly kind: 'restore'; readonly name: string };

export interface SuiteStep {
  readonly name: string;
  readonly action: SuiteAction;
  /** Subset match on the reply; default for device calls: `{ error_code: 0 }`. */
  readonly expect?: unknown;
  /** name → dotted path in the reply, or `/regex/` over a mail's text. */
  readonly capture?: Readonly<Record<string, string>>;
  /** Where the step is in the file, for failure messages. */
  readonly location: string;
}

export interface Suite {
  readonly name: string;
  readonly steps: readonly SuiteStep[];
}
