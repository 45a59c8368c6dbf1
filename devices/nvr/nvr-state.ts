import type { CameraFlash, CameraIdentity } from '../camera/camera-state.js';
import type { AccountMemory } from '../account/account-state.js';
import { freshCounter } from '../kernel/attempt-counter.js';

/**
 * A VIGI NVR: its own admin account (as a camera's), and channels, each an added camera with
 * the credential the NVR stores for it (the MD5 form, enough to log in) and, in RAM, the live
 * link state the NVR shows: online, connection status, authentication result.
 */
export type NvrIdentity = CameraIdentity;

/** What the NVR keeps in flash per added camera. */
export interface NvrChannel {
  /** Channel slot, "1" … "N". */
  readonly id: string;
  readonly ip: string;
  readonly port: number;
  readonly uuid: string;
  readonly mac: string;
  readonly model: string;
  readonly name: string;
  readonly username: string;
  /** The camera password the NVR stores, in MD5 form. */
  readonly md5: string;
}

/** The NVR's view of a channel, kept live by polling and on each call. */
export type ChannelLink =
  | { readonly status: 'connected'; readonly stok: string; readonly checkedAt: number }
  | { readonly status: 'offline'; readonly checkedAt: number }
  /** `triedAt`: the last login attempt; the NVR retries rarely, so it never locks the camera out. */
  | { readonly status: 'not-certified'; readonly checkedAt: number; readonly triedAt: number; readonly reason: string };

export interface NvrMemory extends AccountMemory {
  readonly links: Readonly<Record<string, ChannelLink>>;
}

export interface NvrState {
  readonly identity: NvrIdentity;
  readonly lan: string;
  readonly flash: CameraFlash;
  readonly channels: readonly NvrChannel[];
  readonly memory: NvrMemory;
  readonly power: 'on' | 'off';
  readonly internet: boolean;
}

export const emptyNvrMemory: NvrMemory = { challenges: [], sessions: [], login: freshCounter, links: {} };

export function newNvr(identity: NvrIdentity, flash: CameraFlash, options: { lan?: string; channels?: readonly NvrChannel[]; power?: 'on' | 'off'; internet?: boolean } = {}): NvrState {
  return {
    identity, flash, lan: options.lan ?? 'default', channels: options.channels ?? [], memory: emptyNvrMemory,
    power: options.power ?? 'on', internet: options.internet ?? true,
  };
}
