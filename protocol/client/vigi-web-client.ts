import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import { md5Form } from '../../devices/credentials/md5-form.js';
import { decodeWireStrings, encodeWireStrings } from '../vigi-web/url-coding.js';

/**
 * A small client of the VIGI web JSON API, written from the public facts (research §1.3) and
 * the contract: challenge, RSA envelope, URL-encoded strings, top-level stok. The tests and
 * suites drive devices with it; client developers can read it as a worked example.
 */
export type Transport = (path: string, body: string) => Promise<{ status: number; body: string }>;

export type Reply = Record<string, unknown> & { error_code: number };

export interface Challenge {
  readonly code: number;
  readonly key: string;
  readonly nonce: string;
  readonly time: number;
  readonly max_time: number;
  readonly sec_left?: number;
}

/** base64(RSA-PKCS#1-v1.5(MD5 form + ":" + nonce)) under the challenge key (base64 SPKI DER). */
export function passwordEnvelope(keySpkiBase64: string, password: string, nonce: string): string {
  return md5Envelope(keySpkiBase64, md5Form(password), nonce);
}

/** The same envelope from a password already in MD5 form (what an NVR stores for its cameras). */
export function md5Envelope(keySpkiBase64: string, md5: string, nonce: string): string {
  return publicEncrypt({ key: publicKeyOf(keySpkiBase64), padding: constants.RSA_PKCS1_PADDING }, Buffer.from(`${md5}:${nonce}`)).toString('base64');
}

/** Parsed challenge keys: a device hands out the same key every time, so parse it once (bounded). */
const KEYS_KEPT = 4096;
const parsedKeys = new Map<string, KeyObject>();

function publicKeyOf(keySpkiBase64: string): KeyObject {
  let key = parsedKeys.get(keySpkiBase64);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(keySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    if (parsedKeys.size >= KEYS_KEPT) parsedKeys.clear();
    parsedKeys.set(keySpkiBase64, key);
  }
  return key;
}

export class VigiWebClient {
  readonly #transport: Transport;
  stok: string | undefined;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** One request; strings are URL-encoded on the way out and decoded on the way back. */
  /** `stok` null sends the request pre-auth (`POST /`); by default the session's stok is used. */
  async call(body: Record<string, unknown>, stok: string | null = this.stok ?? null): Promise<Reply> {
    const path = stok === null ? '/' : `/stok=${stok}/ds`;
    const response = await this.#transport(path, JSON.stringify(encodeWireStrings(body)));
    const decoded = decodeWireStrings(JSON.parse(response.body));
    if (!decoded.ok) throw new Error(`reply has bad URL-encoding at ${decoded.path}`);
    return decoded.value as Reply;
  }

  async challenge(): Promise<Challenge> {
    const reply = await this.call({ method: 'do', user_management: { get_encrypt_info: null } }, null);
    return reply.data as Challenge;
  }

  /** A fresh envelope for `password` (one challenge per envelope). */
  async envelope(password: string): Promise<string> {
    const { key, nonce } = await this.challenge();
    return passwordEnvelope(key, password, nonce);
  }

  async login(password: string, username = 'admin'): Promise<Reply> {
    const reply = await this.call({ method: 'do', login: { username, password: await this.envelope(password), passwdType: 'md5', encrypt_type: '2' } }, null);
    if (reply.error_code === 0) this.stok = String(reply.stok);
    return reply;
  }

  async activate(setup: { password: string; resetEmail?: string; questions?: { question: string; answer: string }[] }): Promise<Reply> {
    const fields: Record<string, string> = { username: 'admin', password: await this.envelope(setup.password), encrypt_type: '2' };
    if (setup.resetEmail) fields.reset_pwd_email = setup.resetEmail;
    setup.questions?.forEach((q, i) => {
      fields[`sec_question_${i + 1}`] = q.question;
      fields[`sec_answer_${i + 1}`] = q.answer;
    });
    return this.call({ method: 'do', user_management: { set_initial_password: fields } }, null);
  }

  /** A `forget_password` action, before login (or with the session when `authenticated`). */
  async forget(action: string, params: Record<string, unknown> | null = null, authenticated = false): Promise<Reply> {
    return this.call({ method: 'do', forget_password: { [action]: params } }, authenticated ? (this.stok ?? null) : null);
  }

  async resetPassword(resetToken: string, newPassword: string): Promise<Reply> {
    return this.forget('password_reset', { reset_token: resetToken, password: await this.envelope(newPassword), encrypt_type: '2' });
  }
}
