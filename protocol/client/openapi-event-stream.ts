import https from 'node:https';
import type { IncomingMessage } from 'node:http';

/**
 * A camera's `subscribeMsg` stream, read as JSON messages: the reply part first
 * (`{"method":"subscribeMsg","errCode":0}`), then `{"Heartbeat": ...}` every `heartbeat`
 * seconds and `{"event_type","time"}` per detection. A refusal (bad stok, bad params) is a
 * plain JSON reply: then that reply is the one message and the stream ends.
 */
export interface CameraEventStream {
  /** The next message; rejects when none comes within `timeoutMs` or the stream has ended. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Messages as they come, until the stream ends. */
  [Symbol.asyncIterator](): AsyncIterator<Record<string, unknown>>;
  /** Whether the camera has ended the stream (power-off, factory reset, OpenAPI off). */
  readonly ended: boolean;
  /** Closes the connection. */
  close(): void;
}

export function openCameraEventStream(base: URL, path: string, body: string, connectTimeoutMs: number): Promise<CameraEventStream> {
  return new Promise((resolve, reject) => {
    const request = https.request({
      host: base.hostname, port: Number(base.port || 443), method: 'POST', path, rejectUnauthorized: false, agent: false, timeout: connectTimeoutMs,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    }, (response) => {
      request.setTimeout(0); // a quiet stream is not a dead one: heartbeats are the caller's to check
      resolve(readStream(response, () => request.destroy()));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${base.origin}${path} within ${connectTimeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}

function readStream(response: IncomingMessage, destroy: () => void): CameraEventStream {
  const boundary = /boundary="?([^";]+)"?/i.exec(String(response.headers['content-type'] ?? ''))?.[1];
  const messages: Record<string, unknown>[] = [];
  const waiters: { resolve(m: Record<string, unknown>): void; reject(e: Error): void }[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let ended = false;
  const deliver = (message: Record<string, unknown>) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(message);
    else messages.push(message);
  };
  const finish = () => {
    if (ended) return;
    ended = true;
    if (!boundary && buffer.length > 0) deliver(parse(buffer.toString('utf8')));
    for (const waiter of waiters.splice(0)) waiter.reject(new Error('the camera ended the event stream'));
  };
  response.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!boundary) return; // a plain JSON reply: read at the end
    for (let part = takePart(buffer, boundary); part; part = takePart(buffer, boundary)) {
      buffer = part.rest;
      deliver(parse(part.body));
    }
  });
  response.on('end', finish).on('close', finish).on('error', finish);

  const next = (timeoutMs = 10_000): Promise<Record<string, unknown>> => {
    const queued = messages.shift();
    if (queued) return Promise.resolve(queued);
    if (ended) return Promise.reject(new Error('the camera ended the event stream'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`no event-stream message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        resolve: (m: Record<string, unknown>) => { clearTimeout(timer); resolve(m); },
        reject: (e: Error) => { clearTimeout(timer); reject(e); },
      };
      waiters.push(waiter);
    });
  };
  return {
    next,
    get ended() {
      return ended;
    },
    close: destroy,
    async *[Symbol.asyncIterator]() {
      while (!ended || messages.length > 0) {
        try {
          yield await next(2 ** 31 - 1);
        } catch {
          return;
        }
      }
    },
  };
}

/** One `--boundary` part with its headers (Content-Length when given), or undefined until it is all here. */
function takePart(buffer: Buffer, boundary: string): { body: string; rest: Buffer } | undefined {
  const start = buffer.indexOf(`--${boundary}`);
  if (start < 0) return undefined;
  const headersEnd = buffer.indexOf('\r\n\r\n', start);
  if (headersEnd < 0) return undefined;
  const headers = buffer.subarray(start, headersEnd).toString('latin1');
  const bodyStart = headersEnd + 4;
  const length = /content-length:\s*(\d+)/i.exec(headers)?.[1];
  if (length !== undefined) {
    const bodyEnd = bodyStart + Number(length);
    if (buffer.length < bodyEnd) return undefined;
    return { body: buffer.subarray(bodyStart, bodyEnd).toString('utf8'), rest: buffer.subarray(bodyEnd) };
  }
  const nextPart = buffer.indexOf(`\r\n--${boundary}`, bodyStart);
  if (nextPart < 0) return undefined;
  return { body: buffer.subarray(bodyStart, nextPart).toString('utf8'), rest: buffer.subarray(nextPart + 2) };
}

function parse(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unparsed: text };
  }
}
