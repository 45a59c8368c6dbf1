import type { Mailbox, MailMessage } from '../mail/mailbox.js';
import { describeFilter, matchesFilter, type MailFilter } from '../mail/mail-filter.js';

export interface WaitForMailOptions extends MailFilter {
  /** How long to wait for a matching mail, in real milliseconds (default 5,000). */
  readonly timeoutMs?: number;
}

/**
 * The simulator's mailbox, as a test reads it. `waitFor` resolves with the oldest matching mail
 * that no earlier `waitFor` of this simulator returned, whether it arrived before the call or
 * arrives after it: a test can trigger a send and then wait, with no race, and a second
 * "send code" followed by a second `waitFor` gets the second mail, never the first one again.
 */
export interface SimulatorMail {
  waitFor(options?: WaitForMailOptions): Promise<MailMessage>;
  /** Every mail received, newest first. */
  list(): MailMessage[];
  /** Empties the mailbox (`DELETE /__sim/mail`). */
  clear(): void;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit

export function simulatorMail(mailbox: Mailbox | undefined, smtpTarget: string): SimulatorMail & { forget(): void } {
  const taken = new Set<string>();
  const elsewhere = (what: string) =>
    new Error(`mail.${what}: this simulator sends mail to ${smtpTarget} (the smtpUrl option), not to its embedded mailbox; read the mail there (e.g. Mailpit's API), or start the simulator without smtpUrl`);
  return {
    waitFor(options = {}) {
      if (!mailbox) return Promise.reject(elsewhere('waitFor'));
      const { timeoutMs = DEFAULT_TIMEOUT_MS, ...filter } = options;
      if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0 || timeoutMs > MAX_TIMEOUT_MS) {
        return Promise.reject(new RangeError(`mail.waitFor: timeoutMs must be a number of milliseconds from 0 to ${MAX_TIMEOUT_MS}, got ${String(timeoutMs)}`));
      }
      const wanted = (mail: MailMessage) => !taken.has(mail.id) && matchesFilter(mail, filter);
      const take = (mail: MailMessage) => {
        taken.add(mail.id);
        return mail;
      };
      const already = mailbox.list().reverse().find(wanted);
      if (already) return Promise.resolve(take(already));
      return new Promise((resolve, reject) => {
        const unsubscribe = mailbox.onMail((mail) => {
          if (!wanted(mail)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(take(mail));
        });
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`mail.waitFor: no mail matching ${describeFilter(filter)} arrived within ${timeoutMs} ms${inventory(mailbox.list(), taken)}`));
        }, timeoutMs);
      });
    },
    list() {
      if (!mailbox) throw elsewhere('list');
      return mailbox.list();
    },
    clear() {
      if (!mailbox) throw elsewhere('clear');
      mailbox.clear();
      taken.clear();
    },
    forget() {
      taken.clear();
    },
  };
}

/** What the mailbox does hold, so a timeout says why nothing matched. */
function inventory(mails: readonly MailMessage[], taken: ReadonlySet<string>): string {
  if (mails.length === 0) return ' (the mailbox is empty)';
  const shown = mails.slice(0, 5).map((mail) => `to ${mail.to} "${mail.subject}"${taken.has(mail.id) ? ' (already returned)' : ''}`);
  const more = mails.length > shown.length ? `, and ${mails.length - shown.length} more` : '';
  return ` (the mailbox holds ${mails.length}: ${shown.join('; ')}${more})`;
}
