import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { constants, publicEncrypt } from 'node:crypto';
import { passwordEnvelope } from '../../protocol/client/vigi-web-client.js';
import { DeviceIp, DevicePort, DeviceUuid, Envelope, isPlaceholder, type DeviceId, type Placeholder } from './device-actions.js';
import { toJsonText } from './fuzz-values.js';
import type { FuzzRequest } from './request-generator.js';

/**
 * Sends generated requests to the emulated devices over real sockets: pooled keep-alive HTTP
 * and HTTPS connections (a few per device), connections of their own for requests the server
 * may close, and raw TCP/TLS sockets for transport garbage. Fills the placeholders with what
 * the running emulator knows (fresh challenges, live stoks, uuids, ports) and keeps the
 * sessions that real logins open.
 */
export interface FuzzTarget {
  readonly id: DeviceId;
  readonly ip: string;
  readonly uuid: string;
  readonly ports: { readonly http: number; readonly https: number };
}

export interface Exchange {
  readonly status?: number;
  /** Every status line seen on a raw socket (pipelined requests can get several). */
  readonly statuses: readonly number[];
  readonly contentType?: string;
  readonly body: string;
  /** A transport error (ECONNRESET, socket hang up, timeout...) before a complete reply. */
  readonly error?: string;
  /** Raw sockets: the server closed the connection (after a reply or without one). */
  readonly closedByServer?: boolean;
  /** Raw sockets: still open 5 s after we finished sending. */
  readonly hung?: boolean;
  /** The request as sent (path, headers and body text), for replay output and echo checks. */
  readonly sent: string;
  readonly ms: number;
}

export interface ClientOptions {
  readonly timeoutMs?: number;
  /** Called with every auxiliary exchange (challenges fetched to build envelopes), so it is checked too. */
  readonly onAux?: (label: string, exchange: Exchange) => void;
}

interface Sessions { live: string[]; dead: string[] }

export class FuzzClient {
  readonly #targets: Map<DeviceId, FuzzTarget>;
  readonly #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  readonly #httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: false });
  readonly #sessions = new Map<DeviceId, Sessions>();
  readonly #keys = new Map<DeviceId, string>();
  readonly #lastNonce = new Map<DeviceId, string>();
  readonly #timeoutMs: number;
  readonly #onAux: ((label: string, exchange: Exchange) => void) | undefined;
  #pick = 0;
  /** How often a request meant for a live session found one (the rest fall back to a dead stok). */
  readonly stokUse = { live: 0, fallback: 0 };

  constructor(targets: readonly FuzzTarget[], options: ClientOptions = {}) {
    this.#targets = new Map(targets.map((t) => [t.id, t]));
    for (const t of targets) this.#sessions.set(t.id, { live: [], dead: [] });
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#onAux = options.onAux;
  }

  target(id: DeviceId): FuzzTarget {
    const found = this.#targets.get(id);
    if (!found) throw new Error(`no device ${id}`);
    return found;
  }

  liveStoks(id: DeviceId): number {
    return this.#sessions.get(id)!.live.length;
  }

  /** Every session is gone (the virtual clock jumped past the idle timeout). */
  forgetSessions(): void {
    for (const s of this.#sessions.values()) {
      s.dead.push(...s.live.splice(0));
      s.dead.splice(0, Math.max(0, s.dead.length - 50));
    }
  }

  /** Sends one generated request; returns what happened and the stok it used (if any). */
  async send(request: FuzzRequest): Promise<{ exchange: Exchange; stok?: string }> {
    if (request.transport === 'raw') return { exchange: await this.#sendRaw(request) };
    const stok = request.stok ? this.#stokFor(request.device, request.stok) : undefined;
    const path = stok !== undefined ? request.path.split('{stok}').join(stok) : request.path;
    let body: Buffer | undefined;
    if (request.body && 'bytes' in request.body) body = request.body.bytes;
    else if (request.body && 'text' in request.body) body = Buffer.from(request.body.text, 'utf8');
    else if (request.body) {
      const resolved = await this.#resolve(request.body.json, request.scheme);
      body = Buffer.from(toJsonText(request.body.json, (placeholder) => resolved.get(placeholder as Placeholder)), 'utf8');
    }
    const exchange = await this.#http(request, path, body);
    return { exchange, ...(stok !== undefined ? { stok } : {}) };
  }

  /** What a reply means for the sessions: a real login adds a stok, a logout or -40401 retires one. */
  observe(request: FuzzRequest, exchange: Exchange, stok: string | undefined): { errorCode?: number } {
    let reply: { error_code?: unknown; stok?: unknown } | undefined;
    try {
      reply = JSON.parse(exchange.body) as typeof reply;
    } catch {
      return {};
    }
    const errorCode = typeof reply?.error_code === 'number' ? reply.error_code : undefined;
    const sessions = this.#sessions.get(request.device)!;
    if (request.effect === 'login' && errorCode === 0 && typeof reply?.stok === 'string') {
      sessions.live.push(reply.stok);
      sessions.live.splice(0, Math.max(0, sessions.live.length - 8));
    }
    const retire = stok !== undefined && request.stok === 'live' && ((request.effect === 'logout' && errorCode === 0) || errorCode === -40401);
    if (retire && sessions.live.includes(stok)) {
      sessions.live = sessions.live.filter((s) => s !== stok);
      sessions.dead.push(stok);
    }
    return errorCode !== undefined ? { errorCode } : {};
  }

  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }

  #stokFor(device: DeviceId, kind: 'live' | 'dead' | 'other-device'): string {
    const sessions = this.#sessions.get(device)!;
    const pick = (list: string[]) => list[this.#pick++ % list.length];
    if (kind === 'live') {
      const live = pick(sessions.live);
      if (live !== undefined) this.stokUse.live++;
      else this.stokUse.fallback++;
      return live ?? pick(sessions.dead) ?? '0'.repeat(32);
    }
    if (kind === 'dead') return pick(sessions.dead) ?? 'f'.repeat(32);
    const others = [...this.#sessions.entries()].filter(([id]) => id !== device).flatMap(([, s]) => s.live);
    return pick(others) ?? 'e'.repeat(32);
  }

  /** A fresh challenge from `device`: its key (base64 SPKI) and a nonce. */
  async challenge(device: DeviceId, scheme: 'http' | 'https'): Promise<{ key: string; nonce: string } | undefined> {
    const body = Buffer.from('{"method":"do","user_management":{"get_encrypt_info":null}}');
    const exchange = await this.#http({ device, scheme, transport: 'agent', method: 'POST', headers: { 'Content-Type': 'application/json' } }, '/', body);
    this.#onAux?.(`challenge ${device}`, exchange);
    try {
      const data = (JSON.parse(exchange.body) as { data?: { key?: string; nonce?: string } }).data;
      if (typeof data?.key !== 'string' || typeof data.nonce !== 'string') return undefined;
      const key = decodeURIComponent(data.key);
      this.#keys.set(device, key);
      return { key, nonce: decodeURIComponent(data.nonce) };
    } catch {
      return undefined;
    }
  }

  async #resolve(tree: unknown, scheme: 'http' | 'https'): Promise<Map<Placeholder, unknown>> {
    const found: Placeholder[] = [];
    const walk = (value: unknown, depth: number) => {
      if (depth > 8 || value === null || typeof value !== 'object') return;
      if (isPlaceholder(value)) return void found.push(value);
      for (const key of Object.keys(value)) walk((value as Record<string, unknown>)[key], depth + 1);
    };
    walk(tree, 0);
    const resolved = new Map<Placeholder, unknown>();
    const groups = new Map<string, Promise<{ key: string; nonce: string } | undefined>>();
    for (const placeholder of found) {
      if (placeholder instanceof DeviceUuid) resolved.set(placeholder, this.target(placeholder.device).uuid);
      else if (placeholder instanceof DeviceIp) resolved.set(placeholder, this.target(placeholder.device).ip);
      else if (placeholder instanceof DevicePort) {
        const port = this.target('cam-front').ports[placeholder.scheme];
        resolved.set(placeholder, placeholder.asString ? String(port) : port);
      } else if (placeholder instanceof Envelope) {
        resolved.set(placeholder, await this.#envelope(placeholder, scheme, groups));
      }
    }
    return resolved;
  }

  async #envelope(envelope: Envelope, scheme: 'http' | 'https', groups: Map<string, Promise<{ key: string; nonce: string } | undefined>>): Promise<string> {
    const { device, password, nonce, group, plaintext, staleNonce, encode } = envelope.spec;
    let key = this.#keys.get(device);
    let useNonce: string;
    if (nonce === 'fresh' || key === undefined) {
      const groupKey = `${device}/${group ?? Math.random()}`;
      if (!groups.has(groupKey)) groups.set(groupKey, this.challenge(device, scheme));
      const challenge = await groups.get(groupKey)!;
      if (!challenge) return 'challenge-failed';
      key = challenge.key;
      useNonce = challenge.nonce;
      if (nonce === 'fresh') this.#lastNonce.set(device, challenge.nonce);
      else useNonce = nonce === 'reused' ? (this.#lastNonce.get(device) ?? staleNonce) : staleNonce;
    } else {
      useNonce = nonce === 'reused' ? (this.#lastNonce.get(device) ?? staleNonce) : staleNonce;
    }
    const base64 = plaintext !== undefined
      ? publicEncrypt({ key: pem(key), padding: constants.RSA_PKCS1_PADDING }, Buffer.from(plaintext, 'utf8')).toString('base64')
      : passwordEnvelope(key, password, useNonce);
    return encode ? encodeURIComponent(base64) : base64;
  }

  #http(request: Pick<FuzzRequest, 'device' | 'scheme' | 'transport' | 'method' | 'headers' | 'chunks'>, path: string, body: Buffer | undefined): Promise<Exchange> {
    const target = this.target(request.device);
    const secure = request.scheme === 'https';
    const started = Date.now();
    const sent = `${request.method} ${path}\n${Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body?.toString('utf8') ?? ''}`;
    return new Promise<Exchange>((resolve) => {
      let settled = false;
      const finish = (exchange: Omit<Exchange, 'sent' | 'ms' | 'statuses'> & { statuses?: number[] }) => {
        if (settled) return;
        settled = true;
        resolve({ statuses: exchange.status !== undefined ? [exchange.status] : [], ...exchange, sent, ms: Date.now() - started });
      };
      let outgoing: http.ClientRequest;
      try {
        outgoing = (secure ? https : http).request({
          host: target.ip,
          port: secure ? target.ports.https : target.ports.http,
          method: request.method,
          path,
          // Node frames a GET/DELETE/OPTIONS body with neither Content-Length nor chunked
          // encoding (the bytes would read as the next request): always frame it explicitly.
          headers: body === undefined ? request.headers : { ...request.headers, ...(request.chunks ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(body.length) }) },
          agent: request.transport === 'agent' ? (secure ? this.#httpsAgent : this.#httpAgent) : false,
          rejectUnauthorized: false,
          // No SNI from the Host header: a fuzzed Host (300 characters) makes OpenSSL refuse the
          // name and leave an error on this thread's queue, where an unrelated server socket of
          // the in-process emulator picks it up (see docs/fuzzing.md, "findings").
          servername: '',
          timeout: this.#timeoutMs,
        }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => finish({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ...(response.headers['content-type'] ? { contentType: response.headers['content-type'] } : {}) }));
          response.on('error', (error) => finish({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), error: describe(error) }));
          response.on('aborted', () => finish({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), error: 'response aborted' }));
        });
      } catch (error) {
        // The client refused to build the request (e.g. an invalid header): nothing was sent.
        finish({ body: '', error: `client: ${describe(error)}` });
        return;
      }
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no reply within ${this.#timeoutMs} ms`)));
      outgoing.on('error', (error) => finish({ body: '', error: describe(error) }));
      if (body && request.chunks && body.length > 0) {
        const size = Math.max(1, Math.ceil(body.length / request.chunks));
        for (let at = 0; at < body.length; at += size) outgoing.write(body.subarray(at, at + size));
        outgoing.end();
      } else {
        outgoing.end(body);
      }
    });
  }

  /** Writes the bytes, waits for a reply or a close (1 s), half-closes, and waits up to 5 s for the server to close. */
  #sendRaw(request: FuzzRequest): Promise<Exchange> {
    const target = this.target(request.device);
    const secure = request.scheme === 'https';
    const port = secure ? target.ports.https : target.ports.http;
    const started = Date.now();
    const bytes = request.rawBytes ?? Buffer.alloc(0);
    const sent = `RAW ${secure ? (request.rawTls ? 'tls' : 'tcp→tls-port') : 'tcp'}\n${bytes.toString('latin1')}`;
    return new Promise<Exchange>((resolve) => {
      const chunks: Buffer[] = [];
      let closedByServer = false;
      let error: string | undefined;
      let settled = false;
      const socket: net.Socket = secure && request.rawTls
        ? tls.connect({ host: target.ip, port, rejectUnauthorized: false })
        : net.connect({ host: target.ip, port });
      const timers: NodeJS.Timeout[] = [];
      const done = (hung: boolean) => {
        if (settled) return;
        settled = true;
        for (const timer of timers) clearTimeout(timer);
        socket.destroy();
        const text = Buffer.concat(chunks).toString('latin1');
        const statuses = [...text.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
        const bodyStart = text.indexOf('\r\n\r\n');
        resolve({
          ...(statuses[0] !== undefined ? { status: statuses[0] } : {}), statuses, body: bodyStart >= 0 ? text.slice(bodyStart + 4) : text,
          ...(error ? { error } : {}), closedByServer, hung, sent, ms: Date.now() - started,
        });
      };
      let halfClosed = false;
      let halfCloseAt = Infinity;
      const halfClose = () => {
        if (halfClosed) return;
        halfClosed = true;
        if (!socket.destroyed) socket.end();
        timers.push(setTimeout(() => done(true), 5000));
      };
      // Half-close 1 s after sending, or 100 ms after the first reply bytes, whichever is sooner.
      const scheduleHalfClose = (ms: number) => {
        if (halfClosed || Date.now() + ms >= halfCloseAt) return;
        halfCloseAt = Date.now() + ms;
        timers.push(setTimeout(halfClose, ms));
      };
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        scheduleHalfClose(100);
      });
      socket.on('error', (e) => { error = describe(e); });
      socket.on('close', () => { closedByServer = !settled; done(false); });
      socket.once(secure && request.rawTls ? 'secureConnect' : 'connect', () => {
        socket.write(bytes);
        scheduleHalfClose(1000);
      });
      // A TLS handshake that never completes is bounded too.
      timers.push(setTimeout(() => done(true), 10_000));
    });
  }
}

function pem(spkiBase64: string): string {
  return `-----BEGIN PUBLIC KEY-----\n${spkiBase64.match(/.{1,64}/g)?.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message}` : String(e.message ?? error);
}
