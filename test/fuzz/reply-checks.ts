import type { Exchange } from './fuzz-client.js';

/**
 * What every reply of a device's web API must satisfy under fuzzing (contract §3, §8):
 * a reply arrives, status < 500, a JSON body with a numeric `error_code` when the status is
 * 200, no stack trace, no hidden handler failure (-40101, the generic device error the web
 * app answers when a handler threw), and no secret.
 */
export type FindingKind =
  | 'status-5xx' | 'dropped' | 'hung' | 'not-json' | 'no-error-code' | 'stack-trace' | 'system-error' | 'secret' | 'handler-error-log';

export interface Finding {
  readonly kind: FindingKind;
  readonly index: number;
  readonly label: string;
  readonly detail: string;
}

/** A request or reply as text, plus its %-decoded form (replies URL-encode every string). */
export function haystack(text: string): string {
  const decoded = text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
  return decoded === text ? text : `${text}\n${decoded}`;
}

const STACK_PATTERNS: readonly RegExp[] = [
  /\bat [\w$.<>[\] ]+ \((?:file:|node:|\/)[^)]*:\d+:\d+\)/, // "at fn (file:///x.ts:1:2)"
  /\bat (?:file:|node:|\/)[^\s]*:\d+:\d+/, // "at file:///x.ts:1:2"
  /\.ts:\d+/,
  /\.js:\d+:\d+/,
  /\b(?:Type|Range|Reference|Syntax|URI|Eval)?Error: /,
];

export function stackTraceIn(text: string, request: string): string | undefined {
  for (const pattern of STACK_PATTERNS) {
    const match = pattern.exec(text);
    if (match && !request.includes(match[0])) return match[0];
  }
  return undefined;
}

const TOKEN_CHAR = /[A-Za-z0-9+/=_-]/;

/**
 * Finds any of `secrets` in `reply` as a whole token (case-insensitive: not inside a longer
 * base64, hex or word run), unless the request itself carried it (an echo is not a leak).
 */
export class SecretScanner {
  readonly #secrets: readonly string[];
  readonly #sixDigits: ReadonlySet<string>;

  constructor(secrets: readonly string[]) {
    const unique = [...new Set(secrets.filter((s) => s.length >= 3).map((s) => s.toLowerCase()))];
    // Six-digit codes can be many: look them up per digit run instead of searching for each.
    this.#sixDigits = new Set(unique.filter((s) => /^\d{6}$/.test(s)));
    this.#secrets = unique.filter((s) => !this.#sixDigits.has(s));
  }

  find(reply: string, request: string): string | undefined {
    const lower = reply.toLowerCase();
    const lowerRequest = request.toLowerCase();
    const whole = (at: number, length: number) => !TOKEN_CHAR.test(lower[at - 1] ?? ' ') && !TOKEN_CHAR.test(lower[at + length] ?? ' ');
    for (const secret of this.#secrets) {
      for (let at = lower.indexOf(secret); at !== -1; at = lower.indexOf(secret, at + 1)) {
        if (whole(at, secret.length) && !lowerRequest.includes(secret)) return reply.slice(at, at + secret.length);
      }
    }
    if (this.#sixDigits.size > 0) {
      for (const match of lower.matchAll(/\d{6}/g)) {
        if (this.#sixDigits.has(match[0]) && whole(match.index, 6) && !lowerRequest.includes(match[0])) return match[0];
      }
    }
    return undefined;
  }
}

export interface CheckContext {
  readonly index: number;
  readonly label: string;
  readonly method: string;
  /** The route as sent (`/`, `/stok=…/ds`...), to recognise GET / (the device's HTML page). */
  readonly path: string;
  /** Transport garbage: a close or a bare 4xx is acceptable. */
  readonly garbage: boolean;
  readonly raw: boolean;
}

export function checkExchange(ctx: CheckContext, exchange: Exchange, secrets: SecretScanner): Finding[] {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, detail: string) => findings.push({ kind, index: ctx.index, label: ctx.label, detail });
  for (const status of exchange.statuses) if (status >= 500) add('status-5xx', `HTTP ${status}: ${exchange.body.slice(0, 300)}`);
  if (ctx.raw) {
    if (exchange.hung) add('hung', 'the connection was still open 5 s after the request was sent and half-closed');
  } else if (exchange.error !== undefined && !ctx.garbage) {
    add('dropped', `${exchange.error}${exchange.status !== undefined ? ` (after HTTP ${exchange.status})` : ''}`);
  }
  const request = haystack(exchange.sent);
  const reply = haystack(exchange.body);
  const trace = stackTraceIn(reply, request);
  if (trace) add('stack-trace', `${JSON.stringify(trace)} in ${exchange.body.slice(0, 300)}`);
  const secret = secrets.find(reply, request);
  if (secret) add('secret', `${JSON.stringify(secret)} in ${exchange.body.slice(0, 300)}`);
  if (ctx.raw || exchange.status === undefined || exchange.error !== undefined) return findings;

  // Node's client upper-cases the method it sends ("get" goes out as GET).
  const method = ctx.method.toUpperCase();
  const htmlPage = (method === 'GET' || method === 'HEAD') && /^\/(?:\?|#|$)/.test(ctx.path);
  const bodyless = method === 'HEAD' || exchange.status === 204 || exchange.status === 304;
  let parsed: unknown;
  let json = false;
  if (!bodyless && exchange.body !== '') {
    try {
      parsed = JSON.parse(exchange.body);
      json = true;
    } catch {
      json = false;
    }
  }
  const errorCode = json && parsed !== null && typeof parsed === 'object' ? (parsed as { error_code?: unknown }).error_code : undefined;
  if (exchange.status === 200 && !bodyless && !htmlPage) {
    if (!json) add('not-json', `HTTP 200 ${exchange.contentType ?? ''}: ${exchange.body.slice(0, 200)}`);
    else if (typeof errorCode !== 'number') add('no-error-code', `HTTP 200 without a numeric error_code: ${exchange.body.slice(0, 200)}`);
  }
  // 4xx: the web app answers with a vendor code; only the HTTP parser's own bare 400/431 (transport garbage) may not.
  if (exchange.status >= 400 && exchange.status < 500 && !bodyless && !ctx.garbage && typeof errorCode !== 'number') {
    add('no-error-code', `HTTP ${exchange.status} without a vendor error_code: ${exchange.body.slice(0, 200)}`);
  }
  if (errorCode === -40101) add('system-error', `the generic device error -40101 (a handler threw): ${exchange.body.slice(0, 300)}`);
  return findings;
}
