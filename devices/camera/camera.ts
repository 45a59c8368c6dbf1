import type { Clock } from '../kernel/clock.js';
import type { Rng } from '../kernel/rng.js';
import type { Mailer } from '../kernel/mailer.js';
import type { EventSink } from '../kernel/device-events.js';
import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import type { ControlInput } from '../account/account-device.js';
import type { FlashStore } from '../kernel/flash-store.js';
import { saveFlash } from '../kernel/save-flash.js';
import { cameraPolicy, type CameraPolicy } from './camera-policy.js';
import type { CameraInput } from './camera-inputs.js';
import type { CameraState } from './camera-state.js';
import type { CameraReplies } from './camera-transition.js';
import { stepCamera } from './camera-machine.js';

export interface DevicePorts {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly mailer: Mailer;
  readonly events: EventSink;
  /** Where flash lives (`--state-dir`); nothing is kept by default. */
  readonly flash?: FlashStore;
}

/**
 * The thin runner around the pure machine: holds the state, steps it, and carries out the
 * effects through the ports. A mail the server refuses turns the reply into -20609, so a
 * client never hears "sent" for a code that was not.
 */
export class Camera {
  readonly kind = 'camera' as const;
  #state: CameraState;
  readonly #ports: DevicePorts;
  readonly #policy: CameraPolicy;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(initial: CameraState, ports: DevicePorts, policy: CameraPolicy = cameraPolicy) {
    this.#state = initial;
    this.#ports = ports;
    this.#policy = policy;
  }

  get id(): string {
    return this.#state.identity.id;
  }

  get state(): CameraState {
    return this.#state;
  }

  /** Power, cable and reset button (control plane). */
  control(input: ControlInput): Promise<Record<string, never> | Refusal> {
    return this.dispatch(input) as Promise<Record<string, never> | Refusal>;
  }

  /** Replaces the whole state (scenario reset, restore from disk). */
  restore(state: CameraState): void {
    this.#state = state;
  }

  /** One input at a time: a step that must reach flash first is not overtaken by the next. */
  dispatch<I extends CameraInput>(input: I): Promise<CameraReplies[I['type']] | Refusal> {
    const run = this.#queue.then(() => this.#dispatch(input));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #dispatch<I extends CameraInput>(input: I): Promise<CameraReplies[I['type']] | Refusal> {
    const now = this.#ports.clock.now();
    const transition = stepCamera(this.#state, input, { now, rng: this.#ports.rng, policy: this.#policy });
    if (transition.state.flash !== this.#state.flash) {
      const saved = await saveFlash(this.#ports, this.id, { kind: 'camera', flash: transition.state.flash }, now);
      if (saved) return saved;
    }
    this.#state = transition.state;
    let outcome = transition.outcome;
    for (const effect of transition.effects) {
      if (effect.type === 'emit') {
        this.#ports.events.emit({ ...effect.event, deviceId: this.id, at: now });
        continue;
      }
      try {
        await this.#ports.mailer.send(effect.mail);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#ports.events.emit({ type: 'mail-failed', deviceId: this.id, at: now, reason });
        outcome = refuse('MAIL_SEND_FAILED', `The reset mail could not be sent: ${reason}`);
      }
    }
    return outcome;
  }
}
