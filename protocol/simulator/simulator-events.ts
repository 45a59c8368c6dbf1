import type { EventJournal, JournalEntry } from '../events/event-journal.js';

/** Which journal entries a test wants. Every given field must match. */
export interface EventFilter {
  /** One event type (`password-reset`, `channel-offline`, `fault-hit`...) or any of several. */
  readonly type?: string | readonly string[];
  /** The device (or `emulator`, `clock`, `smtp` for the simulator's own entries). */
  readonly deviceId?: string;
  /** Any further condition on the entry. */
  readonly where?: (entry: JournalEntry) => boolean;
}

export interface WaitForEventOptions extends EventFilter {
  /** Only entries after this sequence number (e.g. `events.lastSeq` taken before an action). */
  readonly since?: number;
  /** How long to wait, in real milliseconds (default 5,000). */
  readonly timeoutMs?: number;
}

/**
 * The event journal, as a test reads it (the same entries as `GET /__sim/events`). `waitFor`
 * resolves with the oldest matching entry after the last one an earlier `waitFor` returned
 * (or after `since`), whether it happened before the call or happens after it: a test can act,
 * then wait, with no race. After `reset()`, only what happens from then on is waited for.
 */
export interface SimulatorEvents {
  waitFor(options?: WaitForEventOptions): Promise<JournalEntry>;
  /** The kept entries that match, oldest first. */
  list(filter?: EventFilter & { readonly since?: number }): JournalEntry[];
  /** The sequence number of the newest entry: a mark to wait or list `since`. */
  readonly lastSeq: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit

export function simulatorEvents(journal: EventJournal): SimulatorEvents & { skipToNow(): void } {
  let cursor = 0;
  const matches = (entry: JournalEntry, filter: EventFilter): boolean => {
    const types = filter.type === undefined ? undefined : typeof filter.type === 'string' ? [filter.type] : filter.type;
    return (!types || types.includes(entry.type)) && (filter.deviceId === undefined || entry.deviceId === filter.deviceId) && (!filter.where || filter.where(entry));
  };
  return {
    waitFor(options = {}) {
      const { timeoutMs = DEFAULT_TIMEOUT_MS, since, ...filter } = options;
      if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_TIMEOUT_MS) {
        return Promise.reject(new RangeError(`events.waitFor: timeoutMs must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}`));
      }
      const after = since ?? cursor;
      const take = (entry: JournalEntry) => {
        cursor = Math.max(cursor, entry.seq);
        return entry;
      };
      const already = journal.recent({ since: after }).find((entry) => matches(entry, filter));
      if (already) return Promise.resolve(take(already));
      return new Promise((resolve, reject) => {
        const unsubscribe = journal.subscribe((entry) => {
          if (entry.seq <= after || !matches(entry, filter)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(take(entry));
        });
        const timer = setTimeout(() => {
          unsubscribe();
          const seen = [...new Set(journal.recent({ since: after }).map((entry) => `${entry.type}@${entry.deviceId}`))].slice(-8);
          reject(new Error(`events.waitFor: no event matching ${describe(filter)} within ${timeoutMs} ms${seen.length ? ` (since #${after}: ${seen.join(', ')})` : ` (nothing happened since #${after})`}`));
        }, timeoutMs);
      });
    },
    list(filter = {}) {
      const { since, ...rest } = filter;
      return journal.recent(since !== undefined ? { since } : {}).filter((entry) => matches(entry, rest));
    },
    get lastSeq() {
      return journal.lastSeq;
    },
    skipToNow() {
      cursor = journal.lastSeq;
    },
  };
}

function describe(filter: EventFilter): string {
  const parts = [
    ...(filter.type !== undefined ? [`type ${typeof filter.type === 'string' ? filter.type : filter.type.join('|')}`] : []),
    ...(filter.deviceId !== undefined ? [`device ${filter.deviceId}`] : []),
    ...(filter.where ? ['a where condition'] : []),
  ];
  return parts.length ? parts.join(', ') : 'anything';
}
