import type { Camera } from '../../devices/camera/camera.js';
import { isRefusal } from '../../devices/kernel/vendor-errors.js';
import type { CameraAddress, CameraLink, Unreachable } from '../../devices/nvr/nvr-ports.js';

/**
 * An in-memory twin of the NVR's link to cameras, for unit tests of the NVR core: it calls the
 * cameras' machines directly. A powered-off camera or an unknown address is unreachable.
 */
export class MemoryCameraLink implements CameraLink {
  readonly #cameras: Map<string, Camera>;
  offline = new Set<string>();

  constructor(cameras: Camera[]) {
    this.#cameras = new Map(cameras.map((camera) => [camera.state.identity.ip, camera]));
  }

  #at(address: CameraAddress): Camera | Unreachable {
    const camera = this.#cameras.get(address.ip);
    if (!camera || camera.state.power === 'off' || this.offline.has(address.ip)) return { unreachable: true, reason: 'ECONNRESET' };
    return camera;
  }

  async #nonce(camera: Camera): Promise<string> {
    const challenge = await camera.dispatch({ type: 'issue-challenge' });
    return isRefusal(challenge) ? '' : challenge.nonce;
  }

  async logIn(address: CameraAddress, username: string, md5: string) {
    const camera = this.#at(address);
    if ('unreachable' in camera) return camera;
    return camera.dispatch({ type: 'log-in', username, nonce: await this.#nonce(camera), md5 });
  }

  async checkSession(address: CameraAddress, stok: string) {
    const camera = this.#at(address);
    if ('unreachable' in camera) return camera;
    const outcome = await camera.dispatch({ type: 'check-session', stok });
    return isRefusal(outcome) ? outcome : (true as const);
  }

  async deviceInfo(address: CameraAddress, stok: string) {
    const camera = this.#at(address);
    if ('unreachable' in camera) return camera;
    const session = await camera.dispatch({ type: 'check-session', stok });
    if (isRefusal(session)) return session;
    const { uuid, mac, model, name } = camera.state.identity;
    return { uuid, mac, model, name };
  }

  async changePassword(address: CameraAddress, stok: string, oldMd5: string, newMd5: string) {
    const camera = this.#at(address);
    if ('unreachable' in camera) return camera;
    const outcome = await camera.dispatch({ type: 'change-password', stok, nonce: await this.#nonce(camera), oldMd5, newMd5 });
    return isRefusal(outcome) ? outcome : (true as const);
  }
}
