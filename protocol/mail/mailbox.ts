import type { Clock } from '../../devices/kernel/clock.js';
import { describeFilter, matchesFilter, type MailFilter } from './mail-filter.js';

export type { MailFilter };

/** One received mail, as `GET /__sim/mail` shows it. Addresses are bare (`a@b.c`), comma-joined. */
export interface MailMessage {
  readonly id: string;
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** ISO 8601 time of arrival (the mailbox clock, not the sender's Date header). */
  readonly date: string;
}

export interface WaitForOptions {
  readonly timeoutMs: number;
}

export interface MailboxOptions {
  /** How many of the newest mails are kept; older ones are dropped (default 10,000). */
  readonly limit?: number;
  /** Stamps arrival dates; pass the virtual clock so dates agree with device expiries. */
  readonly clock?: Clock;
}

export type MailListener = (mail: MailMessage) => void;

/**
 * Received mail, newest first. `waitFor` only sees mail that arrives after the call, so a test
 * never picks up a stale code from an earlier step; start it before triggering the send
 * (`const next = box.waitFor(...); await trigger(); await next`), or use `find` for mail that
 * is already here.
 */
export class Mailbox {
  readonly #mails: MailMessage[] = []; // oldest first; list() reverses
  readonly #listeners = new Set<MailListener>();
  readonly #limit: number;
  readonly #clock: Clock;
  #seq = 0;

  constructor(options: MailboxOptions = {}) {
    const limit = options.limit ?? 10_000;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mailbox limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
    this.#clock = options.clock ?? { now: () => Date.now() };
  }

  /** Stores a mail, notifies listeners, and returns the stored (frozen) copy. */
  add(mail: Omit<MailMessage, 'id' | 'date'>): MailMessage {
    this.#seq += 1;
    const stored: MailMessage = Object.freeze({
      id: String(this.#seq),
      to: mail.to, from: mail.from, subject: mail.subject, text: mail.text, html: mail.html,
      date: new Date(this.#clock.now()).toISOString(),
    });
    this.#mails.push(stored);
    if (this.#mails.length > this.#limit) this.#mails.splice(0, this.#mails.length - this.#limit);
    for (const listener of [...this.#listeners]) {
      // A failing subscriber (event stream, test) must not stop delivery to the others.
      try { listener(stored); } catch { /* ignored on purpose */ }
    }
    return stored;
  }

  /** Newest first. */
  list(): MailMessage[] {
    return [...this.#mails].reverse();
  }

  get size(): number {
    return this.#mails.length;
  }

  /** Puts back the mails of a checkpoint (oldest first); ids keep counting up, so none is reused. */
  replace(mails: readonly MailMessage[]): void {
    this.#mails.length = 0;
    this.#mails.push(...mails.slice(-this.#limit));
  }

  clear(): void {
    this.#mails.length = 0;
  }

  /** The newest mail already stored that matches, if any. */
  find(filter: MailFilter = {}): MailMessage | undefined {
    for (let i = this.#mails.length - 1; i >= 0; i -= 1) {
      const mail = this.#mails[i];
      if (mail && matchesFilter(mail, filter)) return mail;
    }
    return undefined;
  }

  /** Calls `listener` for every mail stored from now on; returns the unsubscribe function. */
  onMail(listener: MailListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** The next matching mail that arrives after this call; rejects after `timeoutMs`. */
  waitFor(filter: MailFilter, options: WaitForOptions): Promise<MailMessage> {
    const { timeoutMs } = options;
    if (!Number.isFinite(timeoutMs) || timeoutMs < 0) {
      return Promise.reject(new RangeError(`waitFor timeoutMs must be a finite number >= 0, got ${timeoutMs}`));
    }
    return new Promise((resolve, reject) => {
      const unsubscribe = this.onMail((mail) => {
        if (!matchesFilter(mail, filter)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(mail);
      });
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no mail matching ${describeFilter(filter)} arrived within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }
}
