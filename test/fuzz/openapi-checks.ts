import type { DeviceId } from './device-actions.js';
import { NVR } from './device-actions.js';
import { haystack, type SecretScanner, stackTraceIn } from './reply-checks.js';
import type { Expect } from './openapi-generator.js';
import { CLOSE_MS, type Wire } from './openapi-wire.js';

/** The OpenAPI fuzz's checks of one reply (openapi.fuzz.test.ts says what each looks for). */
export type FindingKind =
  | 'status-5xx' | 'hung' | 'dropped' | 'not-json' | 'no-error-code' | 'wrong-shape' | 'no-msg' | 'hidden-5xx' | 'stack-trace'
  | 'system-error' | 'secret' | 'no-connection-close' | 'kept-open' | 'auth-bypass' | 'bad-stream' | 'control-plane';
export const KINDS: readonly FindingKind[] = [
  'status-5xx', 'hung', 'dropped', 'not-json', 'no-error-code', 'wrong-shape', 'no-msg', 'hidden-5xx', 'stack-trace', 'system-error', 'secret',
  'no-connection-close', 'kept-open', 'auth-bypass', 'bad-stream', 'control-plane',
];

/** Node and JavaScript internals that have no place in a device's reply (stack frames: stackTraceIn). */
const SYSTEM_TEXT: readonly RegExp[] = [
  /\bE(?:CONN(?:RESET|REFUSED|ABORTED)|PIPE|ADDRINUSE|ADDRNOTAVAIL|NOTFOUND|TIMEDOUT|HOSTUNREACH|NETUNREACH|PROTO|NOENT|ACCES|MFILE)\b/,
  /at Object\.<anonymous>/, /node:internal/, /\b(?:FST_)?ERR_[A-Z0-9_]{3,}\b/, /Cannot read propert(?:y|ies) of/, /is not a function/,
  /Maximum call stack size exceeded/, /in JSON at position \d+/, /Unexpected (?:token|end of JSON input)/, /\[object Object\]/,
];

function systemTextIn(text: string, request: string): string | undefined {
  for (const pattern of SYSTEM_TEXT) {
    const match = pattern.exec(text);
    if (match && !request.includes(match[0])) return match[0];
  }
  return undefined;
}

/** What a case is, for the checks. */
export interface CheckCase {
  readonly index: number;
  readonly label: string;
  readonly device: DeviceId;
  readonly expect: Expect;
  /** Not well-formed HTTP (or raw bytes): a bare 4xx or a close is fine; no 5xx, leak or hang still. */
  readonly garbage: boolean;
  readonly head: boolean;
}

export interface Finding { readonly index: number; readonly label: string; readonly kind: FindingKind; readonly detail: string; readonly sent: string }

export interface Verdict {
  readonly findings: Finding[];
  readonly statusKey: string;
  readonly cameraCode?: string;
  readonly nvrCode?: string;
  /** Garbage answered by the HTTP parser's own 4xx, without a vendor code. */
  readonly bareGarbage4xx?: boolean;
}

/** Every reply's checks (see the file's comment); `secrets` holds the password forms and the live stoks and tokens. */
export function checkWire(c: CheckCase, wire: Wire, sent: string, secrets: SecretScanner): Verdict {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, detail: string) => void findings.push({ index: c.index, label: c.label, kind, detail, sent });
  const statusKey = wire.status !== undefined ? `${wire.status}${wire.parts ? ' stream' : ''}` : wire.hung ? 'hung' : 'closed';
  const verdict = (extra: Partial<Verdict> = {}): Verdict => ({ findings, statusKey, ...extra });
  for (const status of wire.statuses) if (status >= 500) add('status-5xx', `HTTP ${status}: ${wire.body.slice(0, 300)}`);
  if (wire.hung) add('hung', `${wire.hung} (${wire.ms} ms; got ${JSON.stringify(wire.text.slice(0, 200))})`);
  const request = haystack(sent);
  const reply = haystack(wire.text);
  const trace = stackTraceIn(reply, request);
  if (trace) add('stack-trace', `${JSON.stringify(trace)} in ${wire.text.slice(0, 300)}`);
  const system = systemTextIn(reply, request);
  if (system) add('system-error', `${JSON.stringify(system)} in ${wire.text.slice(0, 300)}`);
  const secret = secrets.find(reply, request);
  if (secret) add('secret', `${JSON.stringify(secret)} in ${wire.text.slice(0, 300)}`);
  if (c.garbage) return verdict({ bareGarbage4xx: wire.status !== undefined && wire.status >= 400 && !/"(?:errCode|error_code)"\s*:\s*-?\d/.test(wire.body) });
  if (wire.hung) return verdict();
  if (!wire.complete) {
    add('dropped', `closed without a complete reply${wire.error ? ` (${wire.error})` : ''}: ${JSON.stringify(wire.text.slice(0, 200))}`);
    return verdict();
  }
  const camera = c.device !== NVR;
  if (wire.parts) {
    if (wire.parts[0] !== JSON.stringify({ method: 'subscribeMsg', errCode: 0 })) add('bad-stream', `the first part is not the reply: ${JSON.stringify(wire.parts[0]?.slice(0, 200))}`);
    for (const part of wire.parts.slice(1)) {
      let parsed: Record<string, unknown> | undefined;
      try {
        parsed = JSON.parse(part) as Record<string, unknown>;
      } catch {
        parsed = undefined;
      }
      if (!parsed || !(typeof parsed.event_type === 'string' || typeof parsed.Heartbeat === 'object')) add('bad-stream', `a part is neither an event nor a heartbeat: ${part.slice(0, 200)}`);
    }
    if (c.expect === 'denied') add('auth-bypass', `a subscribeMsg stream opened on credentials that are not live: ${wire.parts[0]?.slice(0, 100)}`);
    return verdict();
  }
  if (camera && !/\bclose\b/i.test(wire.headers.connection ?? '')) add('no-connection-close', `HTTP ${wire.status} without connection: close (${JSON.stringify(wire.headers.connection ?? null)})`);
  if (camera && wire.keptOpen) add('kept-open', `the camera left the connection open ${CLOSE_MS} ms after its reply`);
  if (c.head || wire.status === 204 || wire.status === 304) return verdict();
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(wire.body);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    json = parsed as Record<string, unknown>;
  } catch {
    add('not-json', `HTTP ${wire.status} ${wire.headers['content-type'] ?? ''}: ${JSON.stringify(wire.body.slice(0, 200))}`);
    return verdict();
  }
  const status = wire.status ?? 0;
  // The OpenAPI app's error handler answers a handler that threw (a 5xx) with this, as a 400.
  if (json.msg === 'The request could not be handled.') add('hidden-5xx', `HTTP ${status}: the error handler's answer to a 5xx: ${wire.body.slice(0, 200)}`);
  if (camera) {
    const code = json.errCode;
    if (typeof code !== 'number') {
      add(typeof json.error_code === 'number' ? 'wrong-shape' : 'no-error-code', `HTTP ${status}: a camera reply without a numeric errCode: ${wire.body.slice(0, 200)}`);
      return verdict();
    }
    const challenge = code === -10020 && typeof json.authenticate === 'object';
    if (code !== 0 && !challenge && typeof json.msg !== 'string') add('no-msg', `errCode ${code} without a msg: ${wire.body.slice(0, 200)}`);
    if (code === 0 && c.expect === 'denied') add('auth-bypass', `errCode 0 where the credentials were certainly bad: ${wire.body.slice(0, 200)}`);
    return verdict({ cameraCode: String(code) });
  }
  const code = json.error_code;
  const token = status === 200 && code === undefined && typeof json.access_token === 'string' && typeof json.refresh_token === 'string';
  if (!token && typeof code !== 'number') {
    add(typeof json.errCode === 'number' ? 'wrong-shape' : 'no-error-code', `HTTP ${status}: an NVR reply without a numeric error_code: ${wire.body.slice(0, 200)}`);
    return verdict();
  }
  if (typeof code === 'number' && code !== 0 && typeof json.msg !== 'string') add('no-msg', `error_code ${code} without a msg: ${wire.body.slice(0, 200)}`);
  if (status === 200 && c.expect === 'denied') add('auth-bypass', `HTTP 200 where the credentials were certainly bad: ${wire.body.slice(0, 200)}`);
  return verdict({ nvrCode: token ? 'token' : String(code) });
}
