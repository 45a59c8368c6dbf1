import type { DeviceFaultType, GlobalFaultType } from '../../devices/faults/fault-spec.js';
import type { DetectionType } from '../../devices/camera/camera-detection.js';
import { didYouMean } from '../../scenarios/did-you-mean.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import { VigiWebClient } from '../client/vigi-web-client.js';
import { httpTransport } from '../client/http-transport.js';
import { CameraOpenApiClient, NvrOpenApiClient } from '../client/openapi-client.js';
import type { DeviceSummary } from '../control/device-summary.js';
import type { RunningEmulator } from '../emulator.js';
import { resolveSimulatorOptions, type SimulatorOptions } from './simulator-options.js';
import { simulatorMail, type SimulatorMail } from './simulator-mail.js';
import { simulatorEvents, type SimulatorEvents } from './simulator-events.js';
import type { DeviceRequest, RequestFilter } from '../events/request-log.js';
import { freeUdpPort } from '../suite-runner/suite-emulator.js';

/** One device as `GET /__sim/devices` shows it: id, kind, model, ip, ports {http, https}, power, faults... */
export type SimulatorDevice = DeviceSummary;

export interface FaultOptions {
  /** latency only: the added delay per request, ms (1..60000). */
  readonly ms?: number;
  /** 0 < p <= 1: only some requests (or mails) are hit, drawn from the seed. */
  readonly probability?: number;
}

/** A fault in force; `clear()` lifts it (clearing power-off powers the device back on). */
export interface AppliedFault {
  readonly type: DeviceFaultType | GlobalFaultType;
  /** Absent for the global smtp-down. */
  readonly deviceId?: string;
  clear(): Promise<void>;
}

export interface SimulatorClock {
  /** Moves the virtual clock (every expiry reads it) forward; resolves with the new time, ms since the epoch. */
  advance(ms: number): Promise<number>;
  /** Virtual time, ms since the epoch. */
  now(): number;
}

/** The parts TP-Link runs, which a reset flow needs a hand from (docs/control-plane.md). */
export interface SimulatorCloud {
  /**
   * What a TP-Link support agent reads from a support QR payload (`get_support_qrcode`'s
   * `qrcode`): the six-digit code `support_code_check` expects, while the QR is valid.
   */
  supportCode(qrcode: string): Promise<{ code: string; expiresIn: number; deviceUuid: string }>;
  /**
   * The VIGI app scanning the QR a camera without internet shows for "Send Code": the cloud
   * mails the verification code to the reset email. Resolves with the masked address.
   */
  appScan(qrcode: string): Promise<{ to: string; deviceUuid: string }>;
}

/** A named point of the whole topology to return to (devices, mailbox, faults). */
export interface Checkpoint {
  readonly name: string;
  /** Back to it: devices, mailbox and faults as they were; the virtual clock is not rewound. */
  restore(): Promise<void>;
}

/** A running simulator. `close()` it when done (it is safe to call twice). */
export interface Simulator {
  /** The control plane, e.g. http://127.0.0.1:41234 (docs/control-plane.md). */
  readonly controlUrl: string;
  /** Where devices send mail: the embedded sink's address, or the smtpUrl given. */
  readonly smtp: { readonly host: string; readonly port: number } | { readonly url: string };
  /** The scenario as loaded, defaults applied. */
  readonly scenario: Scenario;
  /** Every device, as it is now (ip and ports included). */
  readonly devices: SimulatorDevice[];
  /** One device; throws for an id the scenario does not have. */
  device(id: string): SimulatorDevice;
  /**
   * A client of one device's web API (HTTPS by default, with its self-signed certificate
   * accepted). It tells the simulator every plain password it sends, so OpenAPI logins keep
   * working after it changes a password (see rememberPassword).
   */
  client(id: string, options?: { scheme?: 'https' | 'http'; timeoutMs?: number }): VigiWebClient;
  /** A VIGI OpenAPI client of a camera (doAuth, calls); throws when its OpenAPI is off. */
  cameraOpenApi(id: string): CameraOpenApiClient;
  /** A VIGI OpenAPI client of an NVR (Digest token, added_devices); throws when its OpenAPI is off. */
  nvrOpenApi(id: string): NvrOpenApiClient;
  readonly mail: SimulatorMail;
  /** The event journal: every state change, login, code, mail, fault and discovery change. */
  readonly events: SimulatorEvents;
  /**
   * What clients asked the devices' web API, one entry per answered request (names and
   * error_code, no secrets): to check what your client sent, e.g. that it asked for one code.
   */
  readonly requests: { list(filter?: RequestFilter): DeviceRequest[]; clear(): void };
  readonly clock: SimulatorClock;
  readonly cloud: SimulatorCloud;
  /** Applies a device fault (`power-off`, `offline`, `no-internet`, `latency`, `mdns-silent`). */
  fault(deviceId: string, type: DeviceFaultType, options?: FaultOptions): Promise<AppliedFault>;
  /** Applies the global fault `smtp-down`. */
  fault(type: GlobalFaultType, options?: Omit<FaultOptions, 'ms'>): Promise<AppliedFault>;
  /**
   * The camera detects something: its OpenAPI `subscribeMsg` listeners get
   * `{"event_type": type, "time"}` unless that kind's msg_push switch is off (`pushed: false`).
   */
  detect(cameraId: string, type: DetectionType): Promise<{ eventType: DetectionType; time: number; pushed: boolean }>;
  /** Everything back to the scenario's start (devices, faults, mailbox) without a restart. */
  reset(): Promise<void>;
  /**
   * Takes a named checkpoint of the whole topology (every device's state, the mailbox, the
   * faults in force), e.g. after an expensive set-up, to `restore()` before each test.
   */
  checkpoint(name: string): Promise<Checkpoint>;
  /**
   * Tells the simulator a plain password, so VIGI OpenAPI digests made from it verify. The web
   * API carries passwords only in MD5 form, so this is needed after a client of your own (not
   * one from `client()`) sets a password the scenario does not name (docs/openapi.md).
   */
  rememberPassword(password: string): void;
  /** Stops every listener; idempotent. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Ports handed to simulators of this process that are still running, so two never share one. */
const discoveryPortsInUse = new Set<number>();

/**
 * Starts a simulator on free ports: control plane on 127.0.0.1, device listeners on ports the
 * system picks (devices keep their 127.77.x.y addresses; two simulators' devices differ by
 * port), and mDNS / WS-Discovery on private ports. Any number can run side by side, in one
 * process or in parallel test files.
 *
 * @example
 * const sim = await startSimulator();
 * const cam = sim.client('cam-front');
 * await cam.login('Vigi#Admin1');
 * await sim.close();
 */
export async function startSimulator(options?: SimulatorOptions): Promise<Simulator> {
  const { options: checked, scenario } = await resolveSimulatorOptions(options);
  const { startEmulator } = await import('../emulator.js');
  const discovery = checked.discovery === 'standard' ? { mdnsPort: 5353, wsDiscoveryPort: 3702 } : await privateDiscoveryPorts();
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({
      scenario,
      control: { host: '127.0.0.1', port: 0 },
      devicePorts: { http: 0, https: 0 },
      ...discovery,
      ...(checked.seed !== undefined ? { seed: checked.seed } : {}),
      ...(checked.smtpUrl !== undefined ? { smtpUrl: checked.smtpUrl } : {}),
      ...(checked.stateDir !== undefined ? { stateDir: checked.stateDir } : {}),
      ...(checked.token !== undefined ? { token: checked.token } : {}),
      ...(checked.nvrPollMs !== undefined ? { nvrPollMs: checked.nvrPollMs } : {}),
    });
  } catch (error) {
    release(discovery, checked.discovery);
    throw new Error(`startSimulator: the simulator did not start: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return simulatorOf(emulator, scenario, checked, () => release(discovery, checked.discovery));
}

function simulatorOf(emulator: RunningEmulator, scenario: Scenario, options: SimulatorOptions, released: () => void): Simulator {
  const { controlUrl } = emulator;
  let closing: Promise<void> | undefined;
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    if (closing) throw new Error(`the simulator at ${controlUrl} is closed`);
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${controlUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { message?: string; code?: number } } | undefined)?.error;
      // The vendor code, where the refusal has one, rides along for assertions.
      throw Object.assign(new Error(error?.message ?? `HTTP ${response.status}`), error?.code !== undefined ? { code: error.code } : {});
    }
    return parsed;
  };
  const ids = () => emulator.devices.map((d) => d.id);
  const device = (id: string): SimulatorDevice => {
    const found = emulator.devices.find((d) => d.id === id);
    if (found) return found;
    const guess = typeof id === 'string' ? didYouMean(id, ids()) : undefined;
    throw new Error(`no device "${String(id)}" in this simulator${guess ? ` (did you mean "${guess}"?)` : ''}; the devices are ${ids().join(', ')}`);
  };
  const smtpTarget = 'url' in emulator.smtp ? emulator.smtp.url : `smtp://${emulator.smtp.host}:${emulator.smtp.port}`;
  const mail = simulatorMail(emulator.mailbox, smtpTarget);
  const events = simulatorEvents(emulator.journal);

  async function fault(first: string, second?: unknown, third?: FaultOptions): Promise<AppliedFault> {
    if (first === 'smtp-down') {
      const extra = (second ?? {}) as FaultOptions;
      await control('POST', '/__sim/faults', { type: 'smtp-down', ...extra }).catch(rethrow('fault(smtp-down)'));
      return { type: 'smtp-down', clear: async () => void (await control('DELETE', '/__sim/faults/smtp-down').catch(rethrow('clear smtp-down'))) };
    }
    const id = device(first).id;
    if (typeof second !== 'string') throw new Error(`fault("${id}", type): the type is missing; device faults are power-off, offline, no-internet, latency, mdns-silent`);
    const type = second as DeviceFaultType;
    await control('POST', `/__sim/devices/${encodeURIComponent(id)}/faults`, { type, ...(third ?? {}) }).catch(rethrow(`fault(${id}, ${type})`));
    return {
      type, deviceId: id,
      clear: async () => void (await control('DELETE', `/__sim/devices/${encodeURIComponent(id)}/faults/${encodeURIComponent(type)}`).catch(rethrow(`clear ${type} on ${id}`))),
    };
  }

  const close = (): Promise<void> => {
    closing ??= emulator.close().finally(released);
    return closing;
  };

  return {
    controlUrl,
    smtp: emulator.smtp,
    scenario,
    get devices() {
      return emulator.devices;
    },
    device,
    client(id, clientOptions = {}) {
      const { ip, ports } = device(id);
      const scheme = clientOptions.scheme ?? 'https';
      if (scheme !== 'https' && scheme !== 'http') throw new Error(`client("${id}"): scheme must be "https" or "http", got ${JSON.stringify(scheme)}`);
      const port = scheme === 'https' ? ports.https : ports.http;
      // Every plain password this client sends is one the simulator can check OpenAPI digests with.
      return new VigiWebClient(httpTransport(`${scheme}://${ip}:${port}`, clientOptions.timeoutMs !== undefined ? { timeoutMs: clientOptions.timeoutMs } : {}), { onPlainPassword: (password) => emulator.rememberPassword(password) });
    },
    requests: { list: (filter) => emulator.requests.list(filter), clear: () => emulator.requests.clear() },
    cameraOpenApi: (id) => new CameraOpenApiClient(openApiOrigin(device(id), 'camera')),
    nvrOpenApi: (id) => new NvrOpenApiClient(openApiOrigin(device(id), 'nvr')),
    mail: { waitFor: (o) => mail.waitFor(o), list: () => mail.list(), clear: () => mail.clear() },
    events: {
      waitFor: (o) => events.waitFor(o),
      list: (filter) => events.list(filter),
      get lastSeq() {
        return events.lastSeq;
      },
    },
    clock: {
      advance: async (ms) => {
        const reply = (await control('POST', '/__sim/clock/advance', { ms }).catch(rethrow('clock.advance'))) as { nowMs: number };
        return reply.nowMs;
      },
      now: () => emulator.clock.now(),
    },
    cloud: {
      supportCode: async (qrcode) => {
        const reply = (await control('POST', '/__sim/cloud/support/code', { qrcode }).catch(rethrow('cloud.supportCode'))) as { code: string; expire_in: number; device_uuid: string };
        return { code: reply.code, expiresIn: reply.expire_in, deviceUuid: reply.device_uuid };
      },
      appScan: async (qrcode) => {
        const reply = (await control('POST', '/__sim/cloud/app/scan', { qrcode }).catch(rethrow('cloud.appScan'))) as { to: string; device_uuid: string };
        return { to: reply.to, deviceUuid: reply.device_uuid };
      },
    },
    fault: fault as Simulator['fault'],
    detect: async (cameraId, type) => {
      const id = device(cameraId).id;
      return (await control('POST', `/__sim/devices/${encodeURIComponent(id)}/detections`, { type }).catch(rethrow(`detect(${id}, ${String(type)})`))) as { eventType: DetectionType; time: number; pushed: boolean };
    },
    checkpoint: async (name) => {
      await control('POST', '/__sim/checkpoints', { name }).catch(rethrow(`checkpoint(${JSON.stringify(name)})`));
      return {
        name,
        restore: async () => {
          await control('POST', `/__sim/checkpoints/${encodeURIComponent(name)}/restore`).catch(rethrow(`restore checkpoint ${name}`));
          // Mails already returned stay returned; journal entries from before are not waited for.
          events.skipToNow();
        },
      };
    },
    reset: async () => {
      await control('POST', '/__sim/reset').catch(rethrow('reset'));
      mail.forget();
      events.skipToNow();
    },
    rememberPassword: (password) => {
      if (typeof password !== 'string' || password === '') throw new Error('rememberPassword(password): the password must be a non-empty string');
      emulator.rememberPassword(password);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Where a device's OpenAPI answers, checked to be the kind asked for and switched on. */
function openApiOrigin(device: SimulatorDevice, kind: 'camera' | 'nvr'): string {
  const call = kind === 'camera' ? 'cameraOpenApi' : 'nvrOpenApi';
  if (device.kind !== kind) throw new Error(`${call}("${device.id}"): ${device.id} is ${device.kind === 'nvr' ? 'an NVR' : 'a camera'}; use ${kind === 'camera' ? 'nvrOpenApi' : 'cameraOpenApi'}`);
  if (device.ports.openapi === undefined) throw new Error(`${call}("${device.id}"): OpenAPI is off on ${device.id}; switch it on in the scenario (openapi: true) or over the web API (client.setOpenApi(true))`);
  return `https://${device.ip}:${device.ports.openapi}`;
}

function rethrow(what: string): (error: unknown) => never {
  return (error) => {
    const code = (error as { code?: unknown } | undefined)?.code;
    throw Object.assign(new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error }), typeof code === 'number' ? { code } : {});
  };
}

async function privateDiscoveryPorts(): Promise<{ mdnsPort: number; wsDiscoveryPort: number }> {
  const take = async (): Promise<number> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = await freeUdpPort();
      if (!discoveryPortsInUse.has(port)) {
        discoveryPortsInUse.add(port);
        return port;
      }
    }
    throw new Error('startSimulator: found no free UDP port for discovery in 20 tries');
  };
  const mdnsPort = await take();
  return { mdnsPort, wsDiscoveryPort: await take() };
}

function release(ports: { mdnsPort: number; wsDiscoveryPort: number }, discovery: SimulatorOptions['discovery']): void {
  if (discovery === 'standard') return;
  discoveryPortsInUse.delete(ports.mdnsPort);
  discoveryPortsInUse.delete(ports.wsDiscoveryPort);
}
