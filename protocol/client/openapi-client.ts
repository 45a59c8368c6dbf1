import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import { openCameraEventStream, type CameraEventStream } from './openapi-event-stream.js';

/**
 * Small clients of the VIGI OpenAPI (port 20443), written from TP-Link's description (FAQ 5198,
 * research §1.4; docs/openapi.md), for client developers to read or reuse:
 * - cameras: `doAuth` (SHA-256 digest over `admin:realm:password`, `POST:doAuth`), then
 *   `POST /stok=<stok>` calls with `{method, params}`; the camera closes the connection after
 *   every reply, so each request has a connection of its own;
 * - NVRs: `GET /openapi/token` with HTTP Digest SHA-256 (RFC 7616, qop=auth), then REST calls
 *   with `Authorization: Bearer <access_token>`.
 * Refusals come back as values (`errCode`, HTTP status); only a device that does not answer
 * makes a call throw. The devices' certificates are self-signed, and accepted.
 */
export interface OpenApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function request(base: URL, options: { method: string; path: string; body?: string; headers?: Record<string, string>; timeoutMs: number }): Promise<OpenApiResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: base.hostname, port: Number(base.port || 443), method: options.method, path: options.path,
      rejectUnauthorized: false, agent: false, timeout: options.timeoutMs,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(options.body)) } : {}), ...options.headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${base.origin}${options.path} within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function json(response: OpenApiResponse): Record<string, unknown> {
  try {
    return JSON.parse(response.body) as Record<string, unknown>;
  } catch {
    throw new Error(`the reply (HTTP ${response.status}) is not JSON: ${response.body.slice(0, 80)}`);
  }
}

/** Camera OpenAPI: `await camera.login(password)`, then `camera.call('getStreamPort')`. */
export class CameraOpenApiClient {
  readonly #base: URL;
  readonly #timeoutMs: number;
  /** The session after a successful `login`. */
  stok: string | undefined;

  /** `base`: the camera's OpenAPI origin, e.g. `https://192.168.0.60:20443`. */
  constructor(base: string, options: { timeoutMs?: number } = {}) {
    this.#base = new URL(base);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async #post(path: string, body: unknown): Promise<Record<string, unknown>> {
    return json(await request(this.#base, { method: 'POST', path, body: JSON.stringify(body), timeoutMs: this.#timeoutMs }));
  }

  /** Both doAuth steps. `errCode` 0 and `stok` on success; -10002 wrong password; -10020 a stale nonce. */
  async login(password: string, user = 'admin'): Promise<{ readonly errCode: number; readonly stok?: string; readonly msg?: string }> {
    const challenge = await this.#post('/', { method: 'doAuth', params: null });
    const authenticate = challenge.authenticate as { realm?: string; nonce?: string; method?: string; uri?: string } | undefined;
    if (challenge.errCode !== -10020 || !authenticate?.realm || !authenticate.nonce) return challenge as { errCode: number; msg?: string };
    const ha1 = sha256(`${user}:${authenticate.realm}:${password}`);
    const ha2 = sha256(`${authenticate.method ?? 'POST'}:${authenticate.uri ?? 'doAuth'}`);
    const reply = await this.#post('/', { method: 'doAuth', params: { nonce: authenticate.nonce, response: sha256(`${ha1}:${authenticate.nonce}:${ha2}`) } });
    if (reply.errCode === 0 && typeof reply.stok === 'string') this.stok = reply.stok;
    return reply as { errCode: number; stok?: string; msg?: string };
  }

  /** A method on `/stok=<stok>`: `{method, errCode, result}`; -10002 without a live stok, -10030 not supported. */
  async call(method: string, params: Record<string, unknown> = {}): Promise<{ readonly method?: string; readonly errCode: number; readonly result?: Record<string, unknown>; readonly msg?: string }> {
    return (await this.#post(`/stok=${this.stok ?? ''}`, { method, params })) as { errCode: number };
  }

  /**
   * `subscribeMsg`: a held-open stream of JSON messages (the reply, heartbeats, detections).
   * Defaults to every kind and a 15 s heartbeat, as TP-Link's example asks.
   */
  subscribe(params: { event_type?: readonly string[]; heartbeat?: number } = {}): Promise<CameraEventStream> {
    const body = JSON.stringify({ method: 'subscribeMsg', params: { event_type: params.event_type ?? ['all'], heartbeat: params.heartbeat ?? 15 } });
    return openCameraEventStream(this.#base, `/stok=${this.stok ?? ''}`, body, this.#timeoutMs);
  }
}

/** NVR OpenAPI: `await nvr.token(password)`, then `nvr.addedDevices()`. */
export class NvrOpenApiClient {
  readonly #base: URL;
  readonly #timeoutMs: number;
  accessToken: string | undefined;
  refreshToken: string | undefined;

  /** `base`: the NVR's OpenAPI origin, e.g. `https://192.168.0.50:20443`. */
  constructor(base: string, options: { timeoutMs?: number } = {}) {
    this.#base = new URL(base);
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  async #get(path: string, headers: Record<string, string> = {}): Promise<OpenApiResponse> {
    return request(this.#base, { method: 'GET', path, headers, timeoutMs: this.#timeoutMs });
  }

  /** HTTP Digest SHA-256 (RFC 7616, qop=auth) for a Bearer token pair; HTTP 401 when refused. */
  async token(password: string, user = 'admin'): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
    const path = '/openapi/token';
    const challenge = await this.#get(path);
    const header = String(challenge.headers['www-authenticate'] ?? '');
    const field = (name: string): string | undefined => new RegExp(`${name}="?([^",]*)"?`, 'i').exec(header)?.[1];
    const realm = field('realm');
    const nonce = field('nonce');
    if (challenge.status !== 401 || realm === undefined || nonce === undefined) return { status: challenge.status, body: json(challenge) };
    const cnonce = randomBytes(8).toString('hex');
    const nc = '00000001';
    const ha1 = sha256(`${user}:${realm}:${password}`);
    const ha2 = sha256(`GET:${path}`);
    const response = sha256(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
    const authorization = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${path}", algorithm=SHA-256, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}"`;
    return this.#keep(await this.#get(path, { authorization }));
  }

  /** A new pair for the refresh token (single use). */
  async refresh(): Promise<{ readonly status: number; readonly body: Record<string, unknown> }> {
    return this.#keep(await this.#get(`/openapi/token?grant_type=refresh_token&refresh_token=${encodeURIComponent(this.refreshToken ?? '')}`));
  }

  /** `GET /openapi/added_devices`: `{error_code, devices: [{id, name, alias, online "0"|"1", ip, mac}]}`. */
  async addedDevices(): Promise<{ readonly status: number; readonly body: { readonly error_code?: number; readonly devices?: readonly { readonly id: number; readonly name: string; readonly online: '0' | '1'; readonly ip: string; readonly [field: string]: unknown }[] } }> {
    const response = await this.#get('/openapi/added_devices', { authorization: `Bearer ${this.accessToken ?? ''}` });
    return { status: response.status, body: json(response) };
  }

  #keep(response: OpenApiResponse): { status: number; body: Record<string, unknown> } {
    const body = json(response);
    if (response.status === 200 && typeof body.access_token === 'string') {
      this.accessToken = decodeURIComponent(body.access_token);
      this.refreshToken = typeof body.refresh_token === 'string' ? decodeURIComponent(body.refresh_token) : undefined;
    }
    return { status: response.status, body };
  }
}
