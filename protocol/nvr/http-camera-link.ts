import type { CameraAddress, CameraInfo, CameraLink, Unreachable } from '../../devices/nvr/nvr-ports.js';
import { refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';
import { md5Envelope, VigiWebClient, type Reply } from '../client/vigi-web-client.js';
import { httpTransport } from '../client/http-transport.js';

/**
 * The NVR's link to cameras over their real web API (HTTPS, on the emulated network): the
 * same requests any client sends, with the NVR's own sessions. A transport failure means the
 * camera is unreachable; a vendor error code is the camera's refusal.
 */
export function refusalOf(reply: Reply): Refusal {
  return { refused: true, code: reply.error_code, name: 'CAMERA', message: typeof reply.msg === 'string' ? reply.msg : `camera answered ${reply.error_code}`, ...(reply.data && typeof reply.data === 'object' ? { data: reply.data as Record<string, unknown> } : {}) };
}

export class HttpCameraLink implements CameraLink {
  readonly #timeoutMs: number;
  readonly #actionTimeoutMs: number;

  /**
   * `timeoutMs` bounds the status probes the NVR runs every few seconds (a camera slower than
   * that counts as offline); `actionTimeoutMs` bounds what a user asked for through the NVR
   * (relayed forgotten-password steps, which may wait on the camera's mail server, and password
   * changes): a slow camera there is waited for, not reported as unreachable.
   */
  constructor(options: { timeoutMs?: number; actionTimeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.#actionTimeoutMs = options.actionTimeoutMs ?? 8_000;
  }

  client(address: CameraAddress, stok?: string, timeoutMs = this.#timeoutMs): VigiWebClient {
    const client = new VigiWebClient(httpTransport(`https://${address.ip}:${address.port}`, { timeoutMs }));
    if (stok !== undefined) client.stok = stok;
    return client;
  }

  /** Runs one exchange; a dropped or refused connection becomes Unreachable. */
  async attempt<T>(work: () => Promise<T>): Promise<T | Unreachable> {
    try {
      return await work();
    } catch (error) {
      return { unreachable: true, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  logIn(address: CameraAddress, username: string, md5: string): Promise<{ stok: string } | Refusal | Unreachable> {
    return this.attempt(async () => {
      const client = this.client(address);
      const { key, nonce } = await client.challenge();
      const reply = await client.call({ method: 'do', login: { username, password: md5Envelope(key, md5, nonce), passwdType: 'md5', encrypt_type: '2' } }, null);
      return reply.error_code === 0 && typeof reply.stok === 'string' ? { stok: reply.stok } : refusalOf(reply);
    });
  }

  checkSession(address: CameraAddress, stok: string): Promise<true | Refusal | Unreachable> {
    return this.attempt(async () => {
      if (stok === '') {
        await this.client(address).challenge();
        return refuse('UNAUTHENTICATED', 'no session');
      }
      const reply = await this.client(address, stok).call({ method: 'get', device_info: { name: ['basic_info'] } });
      return reply.error_code === 0 ? (true as const) : refusalOf(reply);
    });
  }

  deviceInfo(address: CameraAddress, stok: string): Promise<CameraInfo | Refusal | Unreachable> {
    return this.attempt(async () => {
      const reply = await this.client(address, stok).call({ method: 'get', device_info: { name: ['basic_info'] } });
      if (reply.error_code !== 0) return refusalOf(reply);
      const info = (reply.device_info as { basic_info: Record<string, string> }).basic_info;
      return { uuid: info.dev_id ?? '', mac: info.mac ?? '', model: info.device_model ?? '', name: info.device_alias ?? '' };
    });
  }

  changePassword(address: CameraAddress, stok: string, oldMd5: string, newMd5: string): Promise<true | Refusal | Unreachable> {
    return this.attempt(async () => {
      const client = this.client(address, stok, this.#actionTimeoutMs);
      const { key, nonce } = await client.challenge();
      const reply = await client.call({ method: 'do', user_management: { change_user_info: { old_passwd: md5Envelope(key, oldMd5, nonce), new_passwd: md5Envelope(key, newMd5, nonce), encrypt_type: '2' } } });
      return reply.error_code === 0 ? (true as const) : refusalOf(reply);
    });
  }

  /** Relays one `forget_password` action to a camera, pre-auth, and returns its reply. */
  forget(address: CameraAddress, action: string, params: Record<string, unknown> | null): Promise<Reply | Unreachable> {
    return this.attempt(() => this.client(address, undefined, this.#actionTimeoutMs).forget(action, params));
  }

  /** `password_reset` with a password the NVR holds in MD5 form, under the camera's own challenge. */
  resetPassword(address: CameraAddress, resetToken: string, md5: string): Promise<Reply | Unreachable> {
    return this.attempt(async () => {
      const client = this.client(address, undefined, this.#actionTimeoutMs);
      const { key, nonce } = await client.challenge();
      return client.forget('password_reset', { reset_token: resetToken, password: md5Envelope(key, md5, nonce), encrypt_type: '2' });
    });
  }
}
