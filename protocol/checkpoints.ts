import type { Fleet } from '../devices/fleet.js';
import type { FaultSpec } from '../devices/faults/fault-spec.js';
import type { FaultRegistry } from '../devices/faults/fault-registry.js';
import type { EventSink } from '../devices/kernel/device-events.js';
import type { Clock } from '../devices/kernel/clock.js';
import { refuse, type Refusal } from '../devices/kernel/vendor-errors.js';
import type { Mailbox, MailMessage } from './mail/mailbox.js';
import { TopologySnapshot } from './topology-reset.js';

/** A point to return to: every device's state, the mailbox, the faults in force. */
export interface TopologyPoint {
  readonly devices: TopologySnapshot;
  /** Oldest first. */
  readonly mails: readonly MailMessage[];
  readonly faults: readonly { readonly spec: FaultSpec; readonly source: string }[];
}

export interface CheckpointSummary {
  readonly name: string;
  /** Virtual time it was taken at (ISO). */
  readonly takenAt: string;
  readonly devices: number;
  readonly mails: number;
  readonly faults: number;
}

export interface CheckpointDeps {
  readonly fleet: Fleet;
  readonly mailbox: Mailbox | undefined;
  readonly registry: FaultRegistry;
  readonly events: EventSink;
  readonly clock: Clock;
  /** Puts the topology back at a point (devices, mailbox, faults), `by` naming who asked. */
  readonly returnTo: (point: TopologyPoint, by: string) => Promise<void>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Device states are shared immutable values, but mailboxes are not small: keep a bounded number. */
export const MAX_CHECKPOINTS = 100;

/**
 * Named checkpoints of the whole topology, in memory: take one after an expensive set-up
 * (activations, channels added, faults), return to it before each test, as `POST /__sim/reset`
 * returns to the scenario's start. The virtual clock is not rewound (expiries keep counting from
 * the time the checkpoint was taken), the journal carries on, and the timeline keeps its place.
 */
export class Checkpoints {
  readonly #points = new Map<string, { point: TopologyPoint; summary: CheckpointSummary }>();
  readonly #deps: CheckpointDeps;

  constructor(deps: CheckpointDeps) {
    this.#deps = deps;
  }

  take(name: unknown): CheckpointSummary | Refusal {
    if (typeof name !== 'string' || !NAME.test(name)) return refuse('INVALID_ARGUMENT', `A checkpoint name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; got ${JSON.stringify(name ?? null)}.`);
    if (!this.#points.has(name) && this.#points.size >= MAX_CHECKPOINTS) return refuse('INVALID_ARGUMENT', `There are already ${MAX_CHECKPOINTS} checkpoints; delete one first.`);
    const { fleet, mailbox, registry, clock } = this.#deps;
    const point: TopologyPoint = {
      devices: new TopologySnapshot(fleet),
      mails: mailbox ? mailbox.list().reverse() : [],
      faults: registry.all().map((fault) => ({ spec: fault.spec, source: fault.source })),
    };
    const summary: CheckpointSummary = { name, takenAt: new Date(clock.now()).toISOString(), devices: fleet.size, mails: point.mails.length, faults: point.faults.length };
    this.#points.set(name, { point, summary });
    this.#deps.events.emit({ type: 'checkpoint-taken', deviceId: 'emulator', at: clock.now(), name });
    return summary;
  }

  async restore(name: string): Promise<CheckpointSummary | Refusal> {
    const found = this.#points.get(name);
    if (!found) return this.#unknown(name);
    await this.#deps.returnTo(found.point, `checkpoint ${name}`);
    this.#deps.events.emit({ type: 'checkpoint-restored', deviceId: 'emulator', at: this.#deps.clock.now(), name });
    return found.summary;
  }

  delete(name: string): true | Refusal {
    if (!this.#points.delete(name)) return this.#unknown(name);
    // Announced like the others, so a console showing the list drops it at once.
    this.#deps.events.emit({ type: 'checkpoint-deleted', deviceId: 'emulator', at: this.#deps.clock.now(), name });
    return true;
  }

  list(): CheckpointSummary[] {
    return [...this.#points.values()].map((entry) => entry.summary);
  }

  #unknown(name: string): Refusal {
    const names = [...this.#points.keys()];
    return refuse('INVALID_ARGUMENT', `No checkpoint "${name}"; ${names.length ? `there are ${names.join(', ')}` : 'none was taken'}.`);
  }
}
