import type { DeviceEvent, EventSink } from '../../devices/kernel/device-events.js';

/**
 * The one journal of everything that happens (device state changes, logins, codes sent, mail
 * delivered, faults applied, cleared and hit, discovery changes), numbered in order so a
 * WebSocket client can ask for what it missed (`?since=<seq>`). Bounded: the oldest entries go.
 */
export type JournalEntry = DeviceEvent & { readonly seq: number };
export type JournalListener = (entry: JournalEntry) => void;

export class EventJournal implements EventSink {
  readonly #entries: JournalEntry[] = [];
  readonly #listeners = new Set<JournalListener>();
  readonly #limit: number;
  #seq = 0;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  emit(event: DeviceEvent): void {
    const entry: JournalEntry = { ...event, seq: ++this.#seq };
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.splice(0, this.#entries.length - this.#limit);
    for (const listener of this.#listeners) {
      try {
        listener(entry);
      } catch {
        // A broken subscriber must not stop the journal or the device that emitted.
      }
    }
  }

  /** Entries after `since` (all kept ones by default), oldest first, at most `limit`. */
  recent(options: { since?: number; limit?: number } = {}): JournalEntry[] {
    const after = this.#entries.filter((entry) => entry.seq > (options.since ?? 0));
    return options.limit !== undefined ? after.slice(-options.limit) : after;
  }

  subscribe(listener: JournalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get lastSeq(): number {
    return this.#seq;
  }
}
