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
import type { CameraReplies, CameraTransition } from './camera-transition.js';
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
  /** The last step still waiting on flash or mail, if any: later inputs queue behind it. */
  #waiting: Promise<unknown> | undefined;

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

  /**
   * One input at a time: a step that must reach flash (or send mail) first is not overtaken by
   * the next. Most steps wait on nothing, so with nothing in flight a step runs at once, and
   * only inputs that arrive while one is waiting are queued behind it.
   */
  dispatch<I extends CameraInput>(input: I): Promise<CameraReplies[I['type']] | Refusal> {
    let run: Promise<unknown>;
    if (this.#waiting === undefined) {
      let result: unknown;
      try {
        result = this.#step(input);
      } catch (error) {
        return Promise.reject(error);
      }
      if (!(result instanceof Promise)) return Promise.resolve(result) as Promise<CameraReplies[I['type']] | Refusal>;
      run = result;
    } else {
      run = this.#waiting.then(() => this.#step(input));
    }
    // Later inputs wait until this one is done, whatever its outcome.
    const waiting: Promise<unknown> = run.then(noop, noop);
    this.#waiting = waiting;
    void waiting.then(() => {
      if (this.#waiting === waiting) this.#waiting = undefined;
    });
    return run as Promise<CameraReplies[I['type']] | Refusal>;
  }

  /** A step that waits on nothing finishes here; flash and mail make it a promise. */
  #step(input: CameraInput): unknown {
    const now = this.#ports.clock.now();
    const transition = stepCamera(this.#state, input, { now, rng: this.#ports.rng, policy: this.#policy });
    if (transition.state.flash !== this.#state.flash && this.#ports.flash) return this.#saveThenApply(transition, now);
    return this.#apply(transition, now);
  }

  async #saveThenApply(transition: CameraTransition, now: number): Promise<unknown> {
    const saved = await saveFlash(this.#ports, this.id, { kind: 'camera', flash: transition.state.flash }, now);
    if (saved) return saved;
    return this.#apply(transition, now);
  }

  #apply(transition: CameraTransition, now: number): unknown {
    this.#state = transition.state;
    const { effects } = transition;
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i]!;
      if (effect.type !== 'emit') return this.#applyFrom(effects, i, transition.outcome, now); // mail: wait for it, in order
      this.#ports.events.emit({ ...effect.event, deviceId: this.id, at: now });
    }
    return transition.outcome;
  }

  /** The effects from `first` on, in order, waiting for each mail. */
  async #applyFrom(effects: CameraTransition['effects'], first: number, outcome: unknown, now: number): Promise<unknown> {
    let reply = outcome;
    for (const effect of effects.slice(first)) {
      if (effect.type === 'emit') {
        this.#ports.events.emit({ ...effect.event, deviceId: this.id, at: now });
        continue;
      }
      try {
        await this.#ports.mailer.send(effect.mail);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#ports.events.emit({ type: 'mail-failed', deviceId: this.id, at: now, reason });
        reply = refuse('MAIL_SEND_FAILED', `The reset mail could not be sent: ${reason}`);
      }
    }
    return reply;
  }
}

function noop(): void {}
