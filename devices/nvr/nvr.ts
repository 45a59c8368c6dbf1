import type { DevicePorts } from '../camera/camera.js';
import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import type { AccountInput, AccountReplies, ControlInput } from '../account/account-device.js';
import { nvrPolicy, type NvrPolicy } from './nvr-policy.js';
import type { NvrInput } from './nvr-inputs.js';
import type { NvrState } from './nvr-state.js';
import { stepNvr } from './nvr-machine.js';
import { channelRow, type ChannelRow } from './channel-row.js';
import type { CameraLink, DiscoveryPort, FoundDevice } from './nvr-ports.js';
import { ChannelProbe } from './channel-probe.js';
import { changeChannelPassword, type ChannelPasswordChange } from './channel-password.js';
import { addCameras, type AddRequest, type AddResult } from './channel-add.js';
import { saveFlash } from '../kernel/save-flash.js';

export interface NvrPorts extends DevicePorts {
  readonly cameras: CameraLink;
  readonly discovery: DiscoveryPort;
}

/**
 * The NVR runner: holds the state, steps the pure machine, and runs the workflows that talk to
 * cameras (add, probe, change password) through the CameraLink port, recording what the
 * cameras answered as ordinary inputs.
 */
export class Nvr {
  readonly kind = 'nvr' as const;
  #state: NvrState;
  readonly #ports: NvrPorts;
  readonly #policy: NvrPolicy;
  readonly probe: ChannelProbe;
  #queue: Promise<unknown> = Promise.resolve();
  /** What the last discovery saw: names a camera that is added before the NVR could log in. */
  #found: readonly FoundDevice[] = [];

  constructor(initial: NvrState, ports: NvrPorts, policy: NvrPolicy = nvrPolicy) {
    this.#state = initial;
    this.#ports = ports;
    this.#policy = policy;
    this.probe = new ChannelProbe(this, ports.cameras, ports.clock);
  }

  get id(): string {
    return this.#state.identity.id;
  }

  get state(): NvrState {
    return this.#state;
  }

  /** Power, cable and reset button (control plane). */
  control(input: ControlInput): Promise<Record<string, never> | Refusal> {
    return this.dispatch(input) as Promise<Record<string, never> | Refusal>;
  }

  restore(state: NvrState): void {
    this.#state = state;
  }

  async dispatch<I extends AccountInput>(input: I): Promise<AccountReplies[I['type']] | Refusal>;
  async dispatch(input: NvrInput): Promise<unknown>;
  dispatch(input: NvrInput): Promise<unknown> {
    const run = this.#queue.then(() => this.#dispatch(input));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** One input at a time: a step that must reach flash first is not overtaken by the next. */
  async #dispatch(input: NvrInput): Promise<unknown> {
    const now = this.#ports.clock.now();
    const step = stepNvr(this.#state, input, { now, rng: this.#ports.rng, policy: this.#policy });
    if (step.state.flash !== this.#state.flash || step.state.channels !== this.#state.channels) {
      const saved = await saveFlash(this.#ports, this.id, { kind: 'nvr', flash: step.state.flash, channels: step.state.channels }, now);
      if (saved) return saved;
    }
    this.#state = step.state;
    for (const effect of step.effects) {
      if (effect.type === 'emit') this.#ports.events.emit({ ...effect.event, deviceId: this.id, at: now });
      else await this.#ports.mailer.send(effect.mail).catch(() => undefined);
    }
    return step.outcome;
  }

  /** The `added_dev` table, as the NVR shows it now. */
  rows(): ChannelRow[] {
    return this.#state.channels.map((channel) => channelRow(channel, this.#state.memory.links[channel.id]));
  }

  addCameras(requests: readonly AddRequest[]): Promise<AddResult[]> {
    return addCameras(this, this.#ports.cameras, requests, (ip) => this.#identify(ip), () => this.#ports.clock.now());
  }

  changeChannelPassword(change: ChannelPasswordChange): Promise<Record<string, never> | Refusal> {
    return changeChannelPassword(this, this.#ports.cameras, change);
  }

  /** Who is at an address, from the last discovery or, failing that, a new one. */
  async #identify(ip: string): Promise<FoundDevice | undefined> {
    const cached = this.#found.find((device) => device.ip === ip);
    if (cached) return cached;
    this.#found = await this.#ports.discovery.find(this.#state.lan);
    return this.#found.find((device) => device.ip === ip);
  }

  /** Devices on this NVR's LAN that are not added yet (the UI's "Found Devices"). */
  async foundDevices(): Promise<FoundDevice[] | Refusal> {
    if (this.#state.power === 'off') return refuse('POWERED_OFF');
    const seen = await this.#ports.discovery.find(this.#state.lan);
    this.#found = seen;
    const added = new Set(this.#state.channels.flatMap((c) => [c.ip, c.uuid]).filter(Boolean));
    return seen.filter((device) => device.ip !== this.#state.identity.ip && device.kind !== 'nvr' && !added.has(device.ip) && !added.has(device.uuid));
  }
}
