import net from 'node:net';
import tls from 'node:tls';

/**
 * The OpenAPI fuzz's client (openapi.fuzz.test.ts): one exchange on a TLS (or plain TCP)
 * connection of its own, written and read byte by byte, so malformed requests reach the
 * server exactly as generated and every status line, close and stream part is seen.
 */

/** A complete reply must come within this; garbage must be answered or closed within 5 s of the half-close. */
export const REPLY_MS = 10_000;
/** A camera must close the connection within this after its reply. */
export const CLOSE_MS = 3_000;


export interface Wire {
  readonly status?: number;
  /** Every status line seen (pipelined garbage can get several). */
  readonly statuses: readonly number[];
  readonly headers: Readonly<Record<string, string>>;
  /** The body, de-chunked where it was chunked; for a stream, what came before it was closed. */
  readonly body: string;
  /** Everything received, as text: what the leak checks read. */
  readonly text: string;
  readonly complete: boolean;
  /** multipart/mixed parts read (a subscribeMsg stream): the reply first. */
  readonly parts?: readonly string[];
  readonly closedByServer: boolean;
  readonly keptOpen: boolean;
  readonly error?: string;
  readonly hung?: string;
  readonly ms: number;
}

export interface WireOptions {
  readonly tls: boolean;
  readonly head: boolean;
  /** Camera replies: wait for the server to close after the reply. */
  readonly expectClose: boolean;
  readonly holdMs: number;
  /** Half-close after sending and only wait for the server to answer or close. */
  readonly garbage: boolean;
  /** Written under the TLS layer, 50 ms after the request. */
  readonly corrupt?: Buffer;
}

export function parseHead(buffer: Buffer): { status: number; headers: Record<string, string>; bodyAt: number } | undefined {
  let at = 0;
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n', at);
    if (end < 0) return undefined;
    const lines = buffer.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? NaN);
    if (!Number.isFinite(status)) return undefined;
    if (status === 100) {
      at = end + 4; // 100 Continue, then the real reply
      continue;
    }
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    return { status, headers, bodyAt: end + 4 };
  }
}

export function dechunk(buffer: Buffer): { body: Buffer; done: boolean } {
  const pieces: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return { body: Buffer.concat(pieces), done: false };
    const size = Number.parseInt(buffer.subarray(at, lineEnd).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size)) return { body: Buffer.concat(pieces), done: false };
    if (size === 0) return { body: Buffer.concat(pieces), done: buffer.indexOf('\r\n', lineEnd + 2) >= 0 };
    if (buffer.length < lineEnd + 2 + size + 2) {
      pieces.push(buffer.subarray(lineEnd + 2, Math.min(buffer.length, lineEnd + 2 + size)));
      return { body: Buffer.concat(pieces), done: false };
    }
    pieces.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The complete multipart parts in `body` (each part names its Content-Length, as the camera's do). */
export function multipartParts(body: Buffer, boundary: string): string[] {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const start = body.indexOf(`--${boundary}`, at);
    if (start < 0) return parts;
    const headersEnd = body.indexOf('\r\n\r\n', start);
    if (headersEnd < 0) return parts;
    const length = /content-length:\s*(\d+)/i.exec(body.subarray(start, headersEnd).toString('latin1'))?.[1];
    if (length === undefined) {
      parts.push(`<part without Content-Length: ${body.subarray(start, headersEnd).toString('latin1').slice(0, 100)}>`);
      return parts;
    }
    const end = headersEnd + 4 + Number(length);
    if (body.length < end) return parts;
    parts.push(body.subarray(headersEnd + 4, end).toString('utf8'));
    at = end;
  }
}

export function sendWire(host: string, port: number, bytes: Buffer, options: WireOptions): Promise<Wire> {
  const started = Date.now();
  return new Promise<Wire>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let received: Buffer = Buffer.alloc(0);
    let settled = false;
    let closedByServer = false;
    let complete = false;
    let keptOpen = false;
    let error: string | undefined;
    let hung: string | undefined;
    let parts: string[] | undefined;
    let holding = false;
    const tcp = options.tls && options.corrupt ? net.connect({ host, port }) : undefined;
    tcp?.on('error', () => undefined); // the TLS socket reports it
    const socket: net.Socket = options.tls
      ? tls.connect({ ...(tcp ? { socket: tcp } : { host, port }), rejectUnauthorized: false })
      : net.connect({ host, port });
    const later = (ms: number, run: () => void) => timers.push(setTimeout(run, ms));

    const finish = () => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      socket.destroy();
      tcp?.destroy();
      const text = received.toString('utf8');
      const statuses = [...received.toString('latin1').matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      const head = parseHead(received);
      let body: Buffer = head ? received.subarray(head.bodyAt) : received;
      if (head && /chunked/i.test(head.headers['transfer-encoding'] ?? '')) body = dechunk(body).body;
      resolve({
        ...(head ? { status: head.status } : statuses[0] !== undefined ? { status: statuses[0] } : {}),
        statuses, headers: head?.headers ?? {}, body: body.toString('utf8'), text, complete, closedByServer, keptOpen,
        ...(parts ? { parts } : {}), ...(error !== undefined ? { error } : {}), ...(hung !== undefined ? { hung } : {}), ms: Date.now() - started,
      });
    };

    /** Whether a whole reply (or a stream's first part) is here. */
    const progress = () => {
      const head = parseHead(received);
      if (!head) return;
      const rest = received.subarray(head.bodyAt);
      const chunked = /chunked/i.test(head.headers['transfer-encoding'] ?? '');
      const type = head.headers['content-type'] ?? '';
      if (head.status === 200 && /^multipart\/mixed/i.test(type)) {
        const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1] ?? '';
        parts = multipartParts(chunked ? dechunk(rest).body : rest, boundary);
        if (parts.length > 0 && !holding) {
          holding = true;
          complete = true;
          later(options.holdMs, finish); // read a little more, then close: a stream never ends on its own
        }
        return;
      }
      let done: boolean;
      if (options.head || head.status === 204 || head.status === 304) done = true;
      else if (chunked) done = dechunk(rest).done;
      else if (head.headers['content-length'] !== undefined) done = rest.length >= Number(head.headers['content-length']);
      else done = false; // until the close
      if (!done || complete) return;
      complete = true;
      if (options.garbage) return;
      if (!options.expectClose) return finish();
      later(CLOSE_MS, () => {
        keptOpen = true;
        finish();
      });
    };

    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      progress();
      if (options.garbage && !options.corrupt) halfCloseIn(100);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ? `${e.code}: ${e.message}` : e.message;
    });
    socket.on('end', () => {
      closedByServer = !settled;
    });
    socket.on('close', () => {
      if (!settled) closedByServer = true;
      if (!complete && !options.garbage && received.length > 0) {
        // Replies framed by the close (no length, not chunked) are complete now.
        const head = parseHead(received);
        if (head && head.headers['content-length'] === undefined && !/chunked/i.test(head.headers['transfer-encoding'] ?? '')) complete = true;
      }
      finish();
    });

    let halfClosed = false;
    let halfCloseAt = Infinity;
    const halfClose = () => {
      if (halfClosed || settled) return;
      halfClosed = true;
      socket.end();
      later(5000, () => {
        hung = 'still open 5 s after the request was sent and half-closed';
        finish();
      });
    };
    const halfCloseIn = (ms: number) => {
      if (halfClosed || Date.now() + ms >= halfCloseAt) return;
      halfCloseAt = Date.now() + ms;
      later(ms, halfClose);
    };
    socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      socket.write(bytes);
      const corrupt = options.corrupt;
      if (tcp && corrupt) {
        // No half-close here: the server has to drop the connection on its own.
        later(50, () => tcp.write(corrupt));
        later(5050, () => {
          hung = 'still open 5 s after a corrupt TLS record';
          finish();
        });
      } else if (options.garbage) {
        halfCloseIn(300);
      }
    });
    later(options.garbage ? 12_000 : REPLY_MS, () => {
      if (holding) return;
      hung ??= complete ? 'the connection stayed open' : `no complete reply within ${options.garbage ? 12_000 : REPLY_MS} ms`;
      finish();
    });
  });
}
