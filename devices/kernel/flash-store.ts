import type { CameraFlash } from '../camera/camera-state.js';
import type { NvrChannel } from '../nvr/nvr-state.js';

/**
 * What a device keeps in flash, and the port that keeps it: activation, the password in MD5
 * form, reset email, security-answer digests, and an NVR's channels with their stored
 * credentials. Challenges, stoks and codes are never here; they live in RAM, as on the device.
 * A runner saves before it answers, so an acknowledged change survives a crash.
 */
export type FlashRecord =
  | { readonly kind: 'camera'; readonly flash: CameraFlash }
  | { readonly kind: 'nvr'; readonly flash: CameraFlash; readonly channels: readonly NvrChannel[] };

export interface FlashStore {
  /** Resolves once the record is durably stored; rejects when it could not be. */
  save(deviceId: string, record: FlashRecord): Promise<void>;
}

/** Keeps nothing: the default, when no `--state-dir` is given. */
export const volatileFlash: FlashStore = { save: async () => undefined };

/** Keeps records in memory: for tests of the runners. */
export class MemoryFlashStore implements FlashStore {
  readonly records = new Map<string, FlashRecord>();
  failWith: Error | undefined;

  async save(deviceId: string, record: FlashRecord): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.records.set(deviceId, record);
  }
}
