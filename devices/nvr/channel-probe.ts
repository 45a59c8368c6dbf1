import type { Clock } from '../kernel/clock.js';
import { isRefusal } from '../kernel/vendor-errors.js';
import type { CameraLink } from './nvr-ports.js';
import { isUnreachable } from './nvr-ports.js';
import type { ChannelLink, NvrChannel } from './nvr-state.js';
import type { Nvr } from './nvr.js';

/**
 * Keeps each channel's link state true to the camera, as a real NVR does by polling: a
 * session that still works means connected; a camera that does not answer is offline; a
 * camera that refuses the stored password is not certified. A not-certified channel is
 * retried only every 10 minutes, so the NVR never locks the camera's login.
 */
export const NOT_CERTIFIED_RETRY_MS = 10 * 60_000;

export class ChannelProbe {
  readonly #nvr: Nvr;
  readonly #cameras: CameraLink;
  readonly #clock: Clock;

  constructor(nvr: Nvr, cameras: CameraLink, clock: Clock) {
    this.#nvr = nvr;
    this.#cameras = cameras;
    this.#clock = clock;
  }

  /** Probes every channel at once and records the results. */
  async all(): Promise<void> {
    if (this.#nvr.state.power === 'off') return;
    await Promise.all(this.#nvr.state.channels.map((channel) => this.channel(channel.id)));
  }

  async channel(id: string): Promise<ChannelLink | undefined> {
    const channel = this.#nvr.state.channels.find((c) => c.id === id);
    if (!channel) return undefined;
    const link = await this.#probe(channel, this.#nvr.state.memory.links[id]);
    // The channel may have been removed or re-added while the camera answered.
    const still = this.#nvr.state.channels.find((c) => c.id === id);
    if (!still || still.ip !== channel.ip || still.md5 !== channel.md5) return this.#nvr.state.memory.links[id];
    await this.#nvr.dispatch({ type: 'set-link', id, link });
    return link;
  }

  async #probe(channel: NvrChannel, previous: ChannelLink | undefined): Promise<ChannelLink> {
    const address = { ip: channel.ip, port: channel.port };
    const now = () => this.#clock.now();
    if (previous?.status === 'connected') {
      const session = await this.#cameras.checkSession(address, previous.stok);
      if (session === true) return { ...previous, checkedAt: now() };
      if (isUnreachable(session)) return { status: 'offline', checkedAt: now() };
    }
    if (previous?.status === 'not-certified' && now() - previous.triedAt < NOT_CERTIFIED_RETRY_MS) {
      const session = await this.#cameras.checkSession(address, '');
      return isUnreachable(session) ? { status: 'offline', checkedAt: now() } : { ...previous, checkedAt: now() };
    }
    return linkFromLogin(await this.#cameras.logIn(address, channel.username, channel.md5), now());
  }
}

export function linkFromLogin(result: Awaited<ReturnType<CameraLink['logIn']>>, now: number): ChannelLink {
  if (isUnreachable(result)) return { status: 'offline', checkedAt: now };
  if (isRefusal(result)) return { status: 'not-certified', checkedAt: now, triedAt: now, reason: `${result.code} ${result.message}` };
  return { status: 'connected', stok: result.stok, checkedAt: now };
}
