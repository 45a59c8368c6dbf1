import type { Camera } from '../../devices/camera/camera.js';
import type { DeviceRsaKey } from '../crypto/rsa-key-pool.js';
import type { Params } from './web-params.js';
import type { WebReply } from './web-reply.js';

/** What an action handler gets: the camera, its login key, and the session if authenticated. */
export interface CameraCall {
  readonly camera: Camera;
  readonly key: () => DeviceRsaKey;
  /** Present on `/stok=<stok>/ds`, already checked. */
  readonly stok?: string;
  readonly renderQrPng: (payload: string) => Promise<string>;
}

export type ActionHandler = (params: Params, call: CameraCall) => Promise<WebReply>;
