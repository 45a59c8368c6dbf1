import { createHash } from 'node:crypto';
import { passwordEnvelope } from '../../protocol/client/vigi-web-client.js';
import type { startTestEmulator } from '../helpers/emulator-fixture.js';

/**
 * The examples of docs/protocol.md, machine-readable, and what it takes to replay one.
 *
 * Each example is an HTML comment naming the device and what the example needs, then a
 * ```` ```http request ```` block (`POST <path>` and the JSON body as it goes on the wire), then a
 * ```` ```json reply ```` block (an optional `HTTP <status>` line, 200 when absent, and the body):
 *
 *     <!-- example: device=cam-front needs=login -->
 *
 * Request placeholders: `<stok>` (needs=login), `<ENC:password>` (an envelope under a fresh
 * challenge of the device; one challenge per request, so two envelopes share a nonce),
 * `<ENC:password:nonce>` (under a nonce of our choosing), `<MD5:password>`, `<code>` (needs
 * mail-code@dev or support-code@dev), `<reset_token>` (needs reset-token@dev), `<uuid:dev>`;
 * `raw=1` marks a body that is deliberately not JSON.
 * Reply markers: `"<varies>"` is any string, `"<varies:number>"` any number; every other value
 * is literal, and keys must be the same.
 */
export interface DocExample {
  readonly line: number;
  readonly device: string;
  readonly needs: readonly string[];
  readonly path: string;
  readonly body: string;
  readonly status: number;
  readonly reply: string;
  /** `raw=1`: the body is deliberately not JSON. */
  readonly raw: boolean;
}

const EXAMPLE = /<!-- example: ([^>]*?) -->\s*```http request\n([\s\S]*?)```\s*```json reply\n([\s\S]*?)```/g;

export function extractExamples(markdown: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const match of markdown.matchAll(EXAMPLE)) {
    const attributes = Object.fromEntries(match[1]!.trim().split(/\s+/).map((pair) => pair.split('=') as [string, string]));
    const [requestLine = '', ...bodyLines] = match[2]!.trim().split('\n');
    const [, path = ''] = /^POST (\S+)$/.exec(requestLine.trim()) ?? [];
    let replyText = match[3]!.trim();
    let status = 200;
    const statusLine = /^HTTP (\d{3})\n/.exec(replyText);
    if (statusLine) {
      status = Number(statusLine[1]);
      replyText = replyText.slice(statusLine[0].length);
    }
    examples.push({
      line: markdown.slice(0, match.index).split('\n').length,
      device: attributes.device ?? '',
      needs: attributes.needs ? attributes.needs.split(',') : [],
      path,
      body: bodyLines.join('\n').trim(),
      status,
      reply: replyText,
      raw: attributes.raw === '1',
    });
  }
  return examples;
}

export const VARIES = '<varies>';
export const VARIES_NUMBER = '<varies:number>';

/** Differences between a documented reply (with markers) and an actual one, as readable paths. */
export function differences(documented: unknown, actual: unknown, path = '$'): string[] {
  if (documented === VARIES) return typeof actual === 'string' ? [] : [`${path}: documented as a varying string, got ${JSON.stringify(actual)}`];
  if (documented === VARIES_NUMBER) return typeof actual === 'number' ? [] : [`${path}: documented as a varying number, got ${JSON.stringify(actual)}`];
  if (Array.isArray(documented)) {
    if (!Array.isArray(actual)) return [`${path}: documented an array, got ${JSON.stringify(actual)}`];
    if (documented.length !== actual.length) return [`${path}: documented ${documented.length} items, got ${actual.length}: ${JSON.stringify(actual)}`];
    return documented.flatMap((item, i) => differences(item, actual[i], `${path}[${i}]`));
  }
  if (documented !== null && typeof documented === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: documented an object, got ${JSON.stringify(actual)}`];
    const want = Object.keys(documented).sort();
    const got = Object.keys(actual).sort();
    if (want.join() !== got.join()) return [`${path}: documented keys ${want.join(', ')}, got ${got.join(', ')} (${JSON.stringify(actual)})`];
    return want.flatMap((key) => differences((documented as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return documented === actual ? [] : [`${path}: documented ${JSON.stringify(documented)}, got ${JSON.stringify(actual)}`];
}

/** An actual reply with the values that vary from run to run replaced by markers (to write the doc). */
const VARYING_KEYS = new Set(['key', 'nonce', 'stok', 'uuid', 'dev_id', 'serial_number', 'reset_token', 'qrcode', 'qrcode_png', 'device_uuid']);
export function withMarkers(value: unknown, key = ''): unknown {
  if (VARYING_KEYS.has(key) && typeof value === 'string') return VARIES;
  if (Array.isArray(value)) return value.map((item) => withMarkers(item));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMarkers(v, k)]));
  return value;
}

type Fixture = Awaited<ReturnType<typeof startTestEmulator>>;

export function md5Auth(password: string): string {
  return createHash('md5').update(`TPCQ75NF2Y:${password}`).digest('hex').toUpperCase();
}

/** Replays documented examples against a running emulator (plain HTTP: the same API as HTTPS). */
export class ExampleReplayer {
  constructor(private readonly fx: Fixture) {}

  url(device: string, path: string): string {
    const { ip, ports } = this.fx.device(device);
    return `http://${ip}:${ports.http}${path}`;
  }

  async post(device: string, path: string, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(this.url(device, path), { method: 'POST', body, headers: { 'content-type': 'application/json; charset=UTF-8' }, signal: AbortSignal.timeout(15_000) });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  async call(device: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    return (await this.post(device, path, JSON.stringify(encodeStrings(body)))).json;
  }

  async challenge(device: string): Promise<{ key: string; nonce: string }> {
    const reply = await this.call(device, '/', { method: 'do', user_management: { get_encrypt_info: null } });
    const data = reply.data as { key: string; nonce: string };
    return { key: decodeURIComponent(data.key), nonce: decodeURIComponent(data.nonce) };
  }

  async login(device: string): Promise<string> {
    const { key, nonce } = await this.challenge(device);
    const reply = await this.call(device, '/', { method: 'do', login: { username: 'admin', password: passwordEnvelope(key, 'Vigi#Admin1', nonce), passwdType: 'md5', encrypt_type: '2' } });
    if (typeof reply.stok !== 'string') throw new Error(`login to ${device} failed: ${JSON.stringify(reply)}`);
    return reply.stok;
  }

  async mailedCode(device: string): Promise<string> {
    await this.fx.control('DELETE', '/__sim/mail');
    const sent = await this.call(device, '/', { method: 'do', forget_password: { send_verification_code: null } });
    if (sent.error_code !== 0) throw new Error(`send_verification_code on ${device}: ${JSON.stringify(sent)}`);
    const mail = (await this.fx.control('GET', '/__sim/mail')).body as { text: string }[];
    const code = /\b(\d{6})\b/.exec(mail[0]?.text ?? '')?.[1];
    if (!code) throw new Error(`no code mailed by ${device}`);
    return code;
  }

  async supportCode(device: string): Promise<string> {
    const reply = await this.call(device, '/', { method: 'do', forget_password: { get_support_qrcode: null } });
    const qrcode = decodeURIComponent((reply.forget_password as { qrcode: string }).qrcode);
    const support = await this.fx.control('POST', '/__sim/cloud/support/code', { qrcode });
    return (support.body as { code: string }).code;
  }

  async resetToken(device: string): Promise<string> {
    const code = await this.mailedCode(device);
    const reply = await this.call(device, '/', { method: 'do', forget_password: { verification_code_check: { verify_code: code } } });
    return (reply.forget_password as { reset_token: string }).reset_token;
  }

  /** Sets up what the example needs, fills in its placeholders, sends it. */
  async replay(example: DocExample): Promise<{ status: number; json: Record<string, unknown> }> {
    const values = new Map<string, string>();
    for (const need of example.needs) {
      const [what, on = example.device] = need.split('@') as [string, string?];
      if (what === 'fresh') {
        const reset = await this.fx.control('POST', `/__sim/devices/${on}/factory-reset`);
        if (reset.status !== 200) throw new Error(`factory reset of ${on}: ${JSON.stringify(reset.body)}`);
      } else if (what === 'login') values.set('<stok>', await this.login(on!));
      else if (what === 'mail-code') values.set('<code>', await this.mailedCode(on!));
      else if (what === 'support-code') values.set('<code>', await this.supportCode(on!));
      else if (what === 'reset-token') values.set('<reset_token>', await this.resetToken(on!));
      else throw new Error(`line ${example.line}: unknown need "${need}"`);
    }
    let body = example.body.replace(/<uuid:([\w-]+)>/g, (_m, id: string) => this.fx.device(id).uuid);
    body = body.replace(/<MD5:([^>]+)>/g, (_m, password: string) => md5Auth(password));
    if (body.includes('<ENC:')) {
      const { key, nonce } = await this.challenge(example.device);
      body = body.replace(/<ENC:([^>:]+)(?::([^>]+))?>/g, (_m, password: string, chosen?: string) => encodeURIComponent(passwordEnvelope(key, password, chosen ?? nonce)));
    }
    for (const [placeholder, value] of values) body = body.split(placeholder).join(encodeURIComponent(value));
    // The documented port is the quickstart's 8443; the test emulator's is a free one.
    const port = String(this.fx.device(example.device).ports.https);
    body = body.split('"port":"8443"').join(`"port":"${port}"`);
    const path = example.path.replace('<stok>', values.get('<stok>') ?? '<stok>');
    const reply = await this.post(example.device, path, body);
    return { status: reply.status, json: JSON.parse(JSON.stringify(reply.json).split(`"port":"${port}"`).join('"port":"8443"')) as Record<string, unknown> };
  }
}

function encodeStrings(value: unknown): unknown {
  if (typeof value === 'string') return encodeURIComponent(value);
  if (Array.isArray(value)) return value.map(encodeStrings);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeStrings(v)]));
  return value;
}
