import { mergeGroups, type RecordGroup } from './mdns-answers.js';

/** RFC 6762 §6: a response with shared records waits a uniform 20–120 ms. */
export const SHARED_DELAY_MIN_MS = 20;
export const SHARED_DELAY_SPREAD_MS = 100;

export interface ResponseQueueOptions {
  /** The wait before a response holding shared records, in ms (default: uniform in 20–120 ms). */
  sharedDelayMs?: () => number;
}

interface Pending {
  groups: RecordGroup[];
  due: number;
}

/**
 * The responses waiting to go to the multicast group. RFC 6762 §6: an answer with a shared
 * record (a PTR of a service several hosts may offer) waits 20–120 ms, one of unique records
 * only goes at once (next turn of the event loop). Whatever is due at the same moment leaves as
 * one response, each record once, and a response still waiting takes in the answers of later
 * queries that come due by then; so two queriers browsing together, or one querier asking
 * several times in a burst, cost one set of packets instead of one per query.
 */
export class MulticastResponseQueue {
  readonly #send: (groups: RecordGroup[]) => void;
  readonly #sharedDelayMs: () => number;
  readonly #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #timerDue = Number.POSITIVE_INFINITY;
  /** Responses queued, and responses actually sent after merging (for counters and tests). */
  queued = 0;
  sent = 0;

  constructor(send: (groups: RecordGroup[]) => void, options: ResponseQueueOptions = {}) {
    this.#send = send;
    this.#sharedDelayMs = options.sharedDelayMs ?? (() => SHARED_DELAY_MIN_MS + Math.random() * SHARED_DELAY_SPREAD_MS);
  }

  /** Queues one query's answer; `shared` when it holds a member of a shared record set. */
  add(groups: readonly RecordGroup[], shared: boolean): void {
    if (groups.length === 0) return;
    this.queued++;
    const now = Date.now();
    const due = now + (shared ? Math.max(0, this.#sharedDelayMs()) : 0);
    // A shared answer joins a response already waiting that is still at least 20 ms away (so
    // within the 20–120 ms it would have waited on its own); a unique one goes at once anyway.
    const host = shared ? this.#pending.find((p) => p.due >= now + SHARED_DELAY_MIN_MS) : undefined;
    if (host) host.groups.push(...groups);
    else this.#pending.push({ groups: [...groups], due });
    this.#arm();
  }

  /** Drops whatever has not gone out yet (the responder is closing and says goodbye instead). */
  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerDue = Number.POSITIVE_INFINITY;
    this.#pending.length = 0;
  }

  #arm(): void {
    const next = Math.min(...this.#pending.map((p) => p.due));
    if (!Number.isFinite(next) || (this.#timer && this.#timerDue <= next)) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerDue = next;
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, next - Date.now()));
    this.#timer.unref();
  }

  #flush(): void {
    this.#timer = undefined;
    this.#timerDue = Number.POSITIVE_INFINITY;
    // A millisecond of slack: timers fire a little early or late, and what is due together goes together.
    const now = Date.now() + 1;
    const due = this.#pending.filter((p) => p.due <= now);
    const later = this.#pending.filter((p) => p.due > now);
    this.#pending.length = 0;
    this.#pending.push(...later);
    if (due.length > 0) {
      this.sent++;
      this.#send(mergeGroups(due.flatMap((p) => p.groups)));
    }
    this.#arm();
  }
}
