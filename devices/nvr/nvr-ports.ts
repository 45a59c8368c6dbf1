import type { Refusal } from '../kernel/vendor-errors.js';

/**
 * How an NVR reaches cameras: over their own web API on the emulated network (protocol/
 * implements it with real HTTPS; tests may use an in-memory twin). Every call may find the
 * camera unreachable, which is not a refusal: the camera simply did not answer.
 */
export interface CameraAddress {
  readonly ip: string;
  readonly port: number;
}

export type Unreachable = { readonly unreachable: true; readonly reason: string };

export function isUnreachable(value: unknown): value is Unreachable {
  return typeof value === 'object' && value !== null && (value as { unreachable?: unknown }).unreachable === true;
}

export interface CameraInfo {
  readonly uuid: string;
  readonly mac: string;
  readonly model: string;
  readonly name: string;
}

export interface CameraLink {
  /** Log in with a stored credential (MD5 form). */
  logIn(address: CameraAddress, username: string, md5: string): Promise<{ stok: string } | Refusal | Unreachable>;
  /** Whether a session is still good: true, a refusal (expired), or unreachable. */
  checkSession(address: CameraAddress, stok: string): Promise<true | Refusal | Unreachable>;
  deviceInfo(address: CameraAddress, stok: string): Promise<CameraInfo | Refusal | Unreachable>;
  changePassword(address: CameraAddress, stok: string, oldMd5: string, newMd5: string): Promise<true | Refusal | Unreachable>;
}

/** A device found on the NVR's LAN by discovery. */
export interface FoundDevice {
  readonly uuid: string;
  readonly ip: string;
  readonly port: number;
  readonly mac: string;
  readonly model: string;
  readonly name: string;
  readonly kind: string;
  readonly activated: boolean;
}

export interface DiscoveryPort {
  /** Devices seen on this NVR's LAN right now. */
  find(lan: string): Promise<FoundDevice[]>;
}
