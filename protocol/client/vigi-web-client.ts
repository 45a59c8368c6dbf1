import { decodeWireStrings, encodeWireStrings } from '../vigi-web/url-coding.js';
import { CameraResetClient } from './camera-reset-client.js';
import { NvrChannelsClient } from './nvr-channels-client.js';
import { passwordEnvelope } from './password-envelopes.js';
import type {
  BasicInfo, ChangeUserInfoParams, Challenge, Empty, LoginParams, LoginReply, ModuleReply, Reply, SetInitialPasswordParams,
} from './wire-types.js';

export { passwordEnvelope, md5Envelope } from './password-envelopes.js';
export type { Reply, Challenge } from './wire-types.js';

/**
 * A small client of the VIGI web JSON API, written from the public facts (research §1.3) and
 * docs/protocol.md: challenge, RSA envelope, URL-encoded strings, top-level stok. This file is
 * the core (one request, the challenge, login, the account); `reset` and `channels` group the
 * camera's forgotten-password actions and the NVR's channel management. Refusals come back as
 * replies with a non-zero `error_code`; only transport failures (no answer, reset connection,
 * a reply that is not the API's) throw. The tests and suites drive devices with it; client
 * developers can read it as a worked example (docs/reference-client.md).
 */
export type Transport = (path: string, body: string) => Promise<{ status: number; body: string }>;

export interface VigiWebClientOptions {
  /**
   * Told every plain password the client puts in an envelope. `sim.client()` uses it to tell the
   * simulator, whose VIGI OpenAPI digests need plain passwords the web API never carries.
   */
  readonly onPlainPassword?: (password: string) => void;
}

export class VigiWebClient {
  readonly #transport: Transport;
  readonly #onPlainPassword: ((password: string) => void) | undefined;
  /** The session after a successful `login` (also settable, e.g. to reuse one). */
  stok: string | undefined;
  #reset: CameraResetClient | undefined;
  #channels: NvrChannelsClient | undefined;

  constructor(transport: Transport, options: VigiWebClientOptions = {}) {
    this.#transport = transport;
    this.#onPlainPassword = options.onPlainPassword;
  }

  /** Module `forget_password` of a camera, typed (pre-auth; `.withSession()` for the stok). */
  get reset(): CameraResetClient {
    return (this.#reset ??= new CameraResetClient(this));
  }

  /** Module `chm` of an NVR, typed: channels, found devices, relayed resets. Needs `login` first. */
  get channels(): NvrChannelsClient {
    return (this.#channels ??= new NvrChannelsClient(this));
  }

  /**
   * One request; strings are URL-encoded on the way out and decoded on the way back. `stok`
   * null sends it pre-auth (`POST /`); by default the session's stok is used.
   */
  async call(body: Record<string, unknown>, stok: string | null = this.stok ?? null): Promise<Reply> {
    const path = stok === null ? '/' : `/stok=${stok}/ds`;
    const response = await this.#transport(path, JSON.stringify(encodeWireStrings(body)));
    const decoded = decodeWireStrings(JSON.parse(response.body));
    if (!decoded.ok) throw new Error(`reply has bad URL-encoding at ${decoded.path}`);
    return decoded.value as Reply;
  }

  /** A fresh challenge: the device's key and a nonce good for one request. */
  async challenge(): Promise<Challenge> {
    const reply = await this.call({ method: 'do', user_management: { get_encrypt_info: null } }, null);
    return reply.data as Challenge;
  }

  /** A fresh envelope for `password` (one challenge per envelope). */
  async envelope(password: string): Promise<string> {
    const { key, nonce } = await this.challenge();
    this.#onPlainPassword?.(password);
    return passwordEnvelope(key, password, nonce);
  }

  /** Envelopes of several passwords under ONE challenge, for a request that carries them together. */
  async envelopes<const P extends readonly string[]>(...passwords: P): Promise<{ -readonly [I in keyof P]: string }> {
    const { key, nonce } = passwords.length > 0 ? await this.challenge() : { key: '', nonce: '' };
    for (const password of passwords) this.#onPlainPassword?.(password);
    return passwords.map((password) => passwordEnvelope(key, password, nonce)) as { -readonly [I in keyof P]: string };
  }

  /** `login`: on success the stok is kept for the calls that follow. -40401 wrong; -40404 locked; -40405 fresh. */
  async login(password: string, username = 'admin'): Promise<LoginReply> {
    const params: LoginParams = { username, password: await this.envelope(password), passwdType: 'md5', encrypt_type: '2' };
    const reply: LoginReply = await this.call({ method: 'do', login: params }, null);
    if (reply.error_code === 0) this.stok = String(reply.stok);
    return reply;
  }

  /** `set_initial_password` of a factory-fresh device; email and exactly three questions optional. */
  async activate(setup: { password: string; resetEmail?: string; questions?: { question: string; answer: string }[] }): Promise<Reply> {
    const fields: SetInitialPasswordParams & Record<string, string> = { username: 'admin', password: await this.envelope(setup.password), encrypt_type: '2' };
    if (setup.resetEmail) fields.reset_pwd_email = setup.resetEmail;
    setup.questions?.forEach((q, i) => {
      fields[`sec_question_${i + 1}`] = q.question;
      fields[`sec_answer_${i + 1}`] = q.answer;
    });
    return this.call({ method: 'do', user_management: { set_initial_password: fields } }, null);
  }

  /** `user_management.change_user_info` with the session: both envelopes under one challenge. -50925 old password wrong. */
  async changePassword(oldPassword: string, newPassword: string): Promise<ModuleReply<'user_management', Empty>> {
    const [old_passwd, new_passwd] = await this.envelopes(oldPassword, newPassword);
    const params: ChangeUserInfoParams = { old_passwd, new_passwd, encrypt_type: '2' };
    return this.call({ method: 'do', user_management: { change_user_info: params } }) as Promise<ModuleReply<'user_management', Empty>>;
  }

  /** `device_info` `basic_info` (model, alias, MAC, uuid as `dev_id`...). Needs the session. */
  basicInfo(): Promise<ModuleReply<'device_info', { readonly basic_info: BasicInfo }>> {
    return this.call({ method: 'get', device_info: { name: ['basic_info'] } }) as Promise<ModuleReply<'device_info', { readonly basic_info: BasicInfo }>>;
  }

  /** `system.logout`: ends the session; the client forgets its stok. */
  async logout(): Promise<ModuleReply<'system', Empty>> {
    const reply = await this.call({ method: 'do', system: { logout: null } });
    if (reply.error_code === 0) this.stok = undefined;
    return reply as ModuleReply<'system', Empty>;
  }

  /** The OpenAPI switch (module `openapi`, ours): `enabled` "on"|"off", and `port` while on. Needs the session. */
  openApiConfig(): Promise<ModuleReply<'openapi', { readonly config: { readonly enabled: 'on' | 'off'; readonly port?: string } }>> {
    return this.call({ method: 'get', openapi: { name: ['config'] } }) as Promise<ModuleReply<'openapi', { readonly config: { readonly enabled: 'on' | 'off'; readonly port?: string } }>>;
  }

  /** Switches VIGI OpenAPI on or off (web UI: Settings > Network Settings > OpenAPI); answers once the port listens. */
  setOpenApi(enabled: boolean): Promise<ModuleReply<'openapi', Empty>> {
    return this.call({ method: 'set', openapi: { config: { enabled: enabled ? 'on' : 'off' } } }) as Promise<ModuleReply<'openapi', Empty>>;
  }

  /** A `forget_password` action, before login (or with the session when `authenticated`). See `reset` for the typed ones. */
  async forget(action: string, params: Record<string, unknown> | null = null, authenticated = false): Promise<Reply> {
    return this.call({ method: 'do', forget_password: { [action]: params } }, authenticated ? (this.stok ?? null) : null);
  }

  /** `password_reset` (pre-auth): the same as `reset.setNewPassword`. */
  resetPassword(resetToken: string, newPassword: string): Promise<Reply> {
    return this.reset.setNewPassword(resetToken, newPassword);
  }
}
