import type { Clock } from '../devices/kernel/clock.js';
import type { DeviceEvent } from '../devices/kernel/device-events.js';
import type { FaultSpec, FaultType } from '../devices/faults/fault-spec.js';
import type { TimelineEntry } from './timeline-types.js';
import type { DetectionType } from '../devices/camera/camera-detection.js';

/**
 * Plays a scenario's timeline on the virtual clock: `at` entries fire once their time since
 * start has come, `after` entries once the nth matching event was journalled, and `for` clears
 * a fault again after its time. It owns no timer: the emulator calls `tick()` (often, and after
 * every clock jump), and tests call it on a ManualClock.
 */
export interface TimelineActions {
  apply(spec: FaultSpec, source: string): Promise<unknown>;
  clear(type: FaultType, device: string | undefined, source: string): Promise<unknown>;
  factoryReset(device: string, source: string): Promise<unknown>;
  detect(device: string, type: DetectionType, source: string): Promise<unknown>;
}

interface PendingClear {
  readonly due: number;
  readonly type: FaultType;
  readonly device: string | undefined;
  readonly source: string;
}

export class TimelineRunner {
  readonly #entries: readonly TimelineEntry[];
  readonly #actions: TimelineActions;
  readonly #clock: Clock;
  #origin = 0;
  #fired = new Set<number>();
  #counts = new Map<number, number>();
  #clears: PendingClear[] = [];
  #ready: number[] = [];
  #running: Promise<void> = Promise.resolve();

  constructor(entries: readonly TimelineEntry[], actions: TimelineActions, clock: Clock) {
    this.#entries = entries;
    this.#actions = actions;
    this.#clock = clock;
  }

  /** (Re)starts the timeline from now: nothing has fired, no event has been counted. */
  start(): void {
    this.#origin = this.#clock.now();
    this.#fired = new Set();
    this.#counts = new Map();
    this.#clears = [];
    this.#ready = [];
  }

  /** Counts a journalled event towards `after` triggers; due entries fire on the next tick. */
  onEvent(event: DeviceEvent): void {
    this.#entries.forEach((entry, index) => {
      if (!('after' in entry) || this.#fired.has(index)) return;
      const { event: type, device, count } = entry.after;
      if (event.type !== type || (device !== undefined && event.deviceId !== device)) return;
      const seen = (this.#counts.get(index) ?? 0) + 1;
      this.#counts.set(index, seen);
      if (seen >= count) {
        this.#fired.add(index);
        this.#ready.push(index);
      }
    });
  }

  /** Fires everything that is due, in timeline order; calls never overlap. */
  tick(): Promise<void> {
    this.#running = this.#running.then(() => this.#fireDue()).catch(() => undefined);
    return this.#running;
  }

  /** Entries not fired yet, and clears still waiting. */
  get pending(): number {
    return this.#entries.length - this.#fired.size + this.#clears.length;
  }

  async #fireDue(): Promise<void> {
    const now = this.#clock.now();
    this.#entries.forEach((entry, index) => {
      if ('at' in entry && !this.#fired.has(index) && now - this.#origin >= entry.at) {
        this.#fired.add(index);
        this.#ready.push(index);
      }
    });
    const ready = this.#ready.sort((a, b) => a - b);
    this.#ready = [];
    for (const index of ready) await this.#fire(this.#entries[index]!, now);
    const due = this.#clears.filter((c) => c.due <= now);
    this.#clears = this.#clears.filter((c) => c.due > now);
    for (const clear of due) await this.#actions.clear(clear.type, clear.device, clear.source);
  }

  async #fire(entry: TimelineEntry, now: number): Promise<void> {
    if ('apply' in entry) {
      await this.#actions.apply(entry.apply, entry.label);
      if (entry.forMs !== undefined) this.#clears.push({ due: now + entry.forMs, type: entry.apply.type, device: entry.apply.device, source: `${entry.label} (after ${entry.forMs} ms)` });
    } else if ('clear' in entry) {
      await this.#actions.clear(entry.clear.type, entry.clear.device, entry.label);
    } else if ('detect' in entry) {
      await this.#actions.detect(entry.detect.device, entry.detect.type, entry.label);
    } else {
      await this.#actions.factoryReset(entry.factoryReset.device, entry.label);
    }
  }
}
