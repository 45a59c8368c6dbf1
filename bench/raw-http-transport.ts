import net from 'node:net';
import type { Transport } from '../protocol/client/vigi-web-client.js';

/**
 * A lean HTTP/1.1 keep-alive transport for VigiWebClient, for load clients: one socket per
 * device, requests one after another on it, the reply read by its Content-Length. It spends a
 * fraction of what node's http client does per request (no ClientRequest, no agent, no
 * streams), so on a shared machine more of the CPU goes to the server under test, as with
 * autocannon. It speaks only what the device web API answers: a status line, headers with
 * Content-Length, a body. Anything else (chunked replies, a closed or silent socket) rejects.
 */
export class RawHttpPool {
  readonly #connections = new Map<string, RawHttpConnection>();
  readonly #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** A transport to `http://host:port`, over this pool's connection to it. */
  transport(host: string, port: number): Transport {
    const key = `${host}:${port}`;
    return (path, body) => {
      let connection = this.#connections.get(key);
      if (!connection || connection.closed) {
        connection = new RawHttpConnection(host, port, this.#timeoutMs);
        this.#connections.set(key, connection);
      }
      return connection.request(path, body);
    };
  }

  /** Closes every connection. */
  destroy(): void {
    for (const connection of this.#connections.values()) connection.close();
    this.#connections.clear();
  }
}

interface Pending {
  readonly path: string;
  readonly body: string;
  readonly resolve: (reply: { status: number; body: string }) => void;
  readonly reject: (error: Error) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

class RawHttpConnection {
  closed = false;
  readonly #socket: net.Socket;
  readonly #host: string;
  readonly #timeoutMs: number;
  readonly #queue: Pending[] = [];
  #current: Pending | undefined;
  #buffer: Buffer = Buffer.alloc(0);
  /** Body length of the reply being read, once its headers are in. */
  #status = 0;
  #bodyStart = -1;
  #bodyLength = -1;
  #closeAfter = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(host: string, port: number, timeoutMs: number) {
    this.#host = `${host}:${port}`;
    this.#timeoutMs = timeoutMs;
    this.#socket = net.connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error(`connection to ${this.#host} closed`)));
  }

  request(path: string, body: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error(`connection to ${this.#host} is closed`));
        return;
      }
      this.#queue.push({ path, body, resolve, reject });
      if (!this.#current) this.#next();
    });
  }

  close(): void {
    this.#fail(new Error('closed by the client'));
  }

  #next(): void {
    const pending = this.#queue.shift();
    this.#current = pending;
    if (!pending) return;
    this.#buffer = Buffer.alloc(0);
    this.#bodyStart = -1;
    this.#bodyLength = -1;
    this.#socket.write(
      `POST ${pending.path} HTTP/1.1\r\nHost: ${this.#host}\r\nContent-Type: application/json; charset=UTF-8\r\n` +
        `X-Requested-With: XMLHttpRequest\r\nContent-Length: ${Buffer.byteLength(pending.body)}\r\n\r\n${pending.body}`,
    );
    this.#timer = setTimeout(() => this.#fail(new Error(`no answer from ${this.#host}${pending.path} within ${this.#timeoutMs} ms`)), this.#timeoutMs);
  }

  #onData(chunk: Buffer): void {
    if (!this.#current) {
      this.#fail(new Error(`${this.#host} sent bytes nobody asked for`));
      return;
    }
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    if (this.#bodyStart < 0 && !this.#readHead()) return;
    if (this.#buffer.length < this.#bodyStart + this.#bodyLength) return;
    if (this.#buffer.length > this.#bodyStart + this.#bodyLength) {
      this.#fail(new Error(`${this.#host} sent more than its Content-Length`));
      return;
    }
    const done = this.#current;
    const reply = { status: this.#status, body: this.#buffer.toString('utf8', this.#bodyStart) };
    clearTimeout(this.#timer);
    this.#current = undefined;
    done.resolve(reply);
    if (this.#closeAfter) this.close();
    else this.#next();
  }

  /** Parses the status line and headers; false while they are incomplete (or on failure). */
  #readHead(): boolean {
    const end = this.#buffer.indexOf(HEADER_END);
    if (end < 0) {
      if (this.#buffer.length > MAX_HEADER_BYTES) this.#fail(new Error(`${this.#host} sent headers over ${MAX_HEADER_BYTES} bytes`));
      return false;
    }
    const lines = this.#buffer.toString('latin1', 0, end).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    let length = -1;
    let closeAfter = false;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'connection' && value === 'close') closeAfter = true;
      else if (name === 'transfer-encoding') length = Number.NaN;
    }
    if (!status || !Number.isInteger(length) || length < 0) {
      this.#fail(new Error(`${this.#host} answered without a Content-Length: ${lines[0] ?? ''}`));
      return false;
    }
    this.#status = Number(status[1]);
    this.#bodyStart = end + HEADER_END.length;
    this.#bodyLength = length;
    this.#closeAfter = closeAfter;
    return true;
  }

  #fail(error: Error): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.#timer);
    this.#socket.destroy();
    const waiting = [...(this.#current ? [this.#current] : []), ...this.#queue.splice(0)];
    this.#current = undefined;
    for (const pending of waiting) pending.reject(error);
  }
}
