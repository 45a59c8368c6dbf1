import { VigiWebClient } from '../client/vigi-web-client.js';
import { httpTransport } from '../client/http-transport.js';
import type { RunningEmulator } from '../emulator.js';
import type { DeviceSummary } from '../control/device-summary.js';
import type { MailMessage } from '../mail/mailbox.js';
import { CameraOpenApiClient, NvrOpenApiClient } from '../client/openapi-client.js';
import type { CameraEventStream } from '../client/openapi-event-stream.js';

/** A control-plane answer: the HTTP status and the JSON body (undefined when empty). */
export interface ControlReply {
  readonly status: number;
  readonly body: unknown;
}

export interface SuiteTarget {
  readonly emulator: Pick<RunningEmulator, 'devices'>;
  /** The emulator's control plane, e.g. http://127.0.0.1:9090. */
  readonly controlUrl: string;
  /** `Authorization: Bearer` token, when the control plane wants one. */
  readonly token?: string;
  /** Per request to a device (default 10 s). */
  readonly requestTimeoutMs?: number;
}

/**
 * What the steps of one suite run share: one web client (and so one session) per device,
 * HTTPS to the device's own address and port; captures; the control plane; and the mail ids
 * already seen, so that a `mail` step takes only mail that came with the step before it.
 */
export class SuiteContext {
  readonly captures = new Map<string, unknown>();
  /** Mail ids present before the previous step began; then the ones `mail` steps took. */
  mailBefore: ReadonlySet<string> = new Set();
  readonly mailTaken = new Set<string>();
  readonly #clients = new Map<string, VigiWebClient>();
  readonly #openApi = new Map<string, CameraOpenApiClient | NvrOpenApiClient>();
  readonly #eventStreams = new Map<string, CameraEventStream>();
  readonly #target: SuiteTarget;

  constructor(target: SuiteTarget) {
    this.#target = target;
  }

  devices(): readonly DeviceSummary[] {
    return this.#target.emulator.devices;
  }

  device(id: string): DeviceSummary {
    const summary = this.#target.emulator.devices.find((device) => device.id === id);
    if (!summary) throw new Error(`no device "${id}" in this scenario (devices: ${this.#target.emulator.devices.map((d) => d.id).join(', ')})`);
    return summary;
  }

  /** The device's client; its `stok` is the session a `login` step opened. */
  client(id: string): VigiWebClient {
    let client = this.#clients.get(id);
    if (!client) {
      const { ip, ports } = this.device(id);
      client = new VigiWebClient(httpTransport(`https://${ip}:${ports.https}`, { timeoutMs: this.#target.requestTimeoutMs ?? 10_000 }));
      this.#clients.set(id, client);
    }
    return client;
  }

  /** The device's VIGI OpenAPI client (one per device, so a login step's stok or token carries over). */
  openApi(id: string): CameraOpenApiClient | NvrOpenApiClient {
    let client = this.#openApi.get(id);
    if (!client) {
      const { ip, ports, kind } = this.device(id);
      if (ports.openapi === undefined) throw new Error(`${id} has VIGI OpenAPI off: switch it on (openapi: true in the scenario, or a call step to module openapi)`);
      const base = `https://${ip}:${ports.openapi}`;
      const options = { timeoutMs: this.#target.requestTimeoutMs ?? 10_000 };
      client = kind === 'nvr' ? new NvrOpenApiClient(base, options) : new CameraOpenApiClient(base, options);
      this.#openApi.set(id, client);
    }
    return client;
  }

  /** Keeps a camera's subscribeMsg stream for later steps; one per camera (a new one replaces it). */
  keepEventStream(id: string, stream: CameraEventStream): void {
    this.#eventStreams.get(id)?.close();
    this.#eventStreams.set(id, stream);
  }

  /** The camera's open event stream, or an error that says which step is missing. */
  eventStream(id: string): CameraEventStream {
    const stream = this.#eventStreams.get(id);
    if (!stream) throw new Error(`no event stream from ${id}: subscribe first (an "openapi" step for ${id} with call: subscribeMsg)`);
    return stream;
  }

  /** Closes every event stream (the suite is over). */
  close(): void {
    for (const stream of this.#eventStreams.values()) stream.close();
    this.#eventStreams.clear();
  }

  /** The session of a device, or an error that says which step is missing. */
  session(id: string): string {
    const stok = this.client(id).stok;
    if (stok === undefined) throw new Error(`no session with ${id}: log in first (a "login" step for ${id})`);
    return stok;
  }

  async control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<ControlReply> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.#target.token) headers.authorization = `Bearer ${this.#target.token}`;
    const response = await fetch(`${this.#target.controlUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed };
  }

  /** The embedded mailbox, newest first (an error when mail goes to an external server). */
  async mails(): Promise<MailRow[]> {
    const reply = await this.control('GET', '/__sim/mail');
    if (reply.status !== 200 || !Array.isArray(reply.body)) {
      const message = (reply.body as { error?: { message?: string } } | undefined)?.error?.message;
      throw new Error(`cannot read the mailbox (HTTP ${reply.status}${message ? `: ${message}` : ''})`);
    }
    return reply.body as MailRow[];
  }
}

/** A mail as `GET /__sim/mail` lists it: the mailbox's own shape, as JSON. */
export type MailRow = MailMessage;
