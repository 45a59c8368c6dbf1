import type { AccountDevice } from '../../devices/account/account-device.js';
import type { Camera } from '../../devices/camera/camera.js';
import type { DeviceRsaKey } from '../crypto/rsa-key-pool.js';
import type { Params } from './web-params.js';
import type { WebReply } from './web-reply.js';

/** What an action handler gets: the device, its login key, and the session if authenticated. */
export interface DeviceCall<D extends AccountDevice = AccountDevice> {
  readonly device: D;
  readonly key: () => DeviceRsaKey;
  /** Present on `/stok=<stok>/ds`, already checked. */
  readonly stok?: string;
  readonly renderQrPng: (payload: string) => Promise<string>;
  /** The VIGI OpenAPI service, when the emulator runs one: resolves once its port listens. */
  readonly openapi?: { listening(): Promise<number> };
}

export type CameraCall = DeviceCall<Camera>;

export type ActionHandler<D extends AccountDevice = AccountDevice> = (params: Params, call: DeviceCall<D>) => Promise<WebReply>;
