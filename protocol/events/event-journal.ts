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
    // Trimmed a quarter at a time, not one entry per event: a full journal must not cost a copy per event.
    if (this.#entries.length > this.#limit + Math.max(1, this.#limit >> 2)) this.#entries.splice(0, this.#entries.length - this.#limit);
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
    const entries = this.#entries;
    const first = entries[0]?.seq ?? 0;
    // Sequence numbers are consecutive, so `since` is an index; only the last `limit` (of the journal) are kept.
    const start = Math.max(entries.length - this.#limit, Math.min(entries.length, (options.since ?? 0) - first + 1), 0);
    const after = entries.slice(start);
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
