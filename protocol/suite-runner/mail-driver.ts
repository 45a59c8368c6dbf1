import type { SuiteAction } from '../../scenarios/suite-types.js';
import type { MailRow, SuiteContext } from './suite-context.js';

/**
 * The `mail` step: the reset mail a person opens. It waits (polling the embedded mailbox at
 * most every 100 ms, up to `timeoutMs`, default 5 s) for a mail to `to` that was not in the
 * mailbox before the previous step began and that no earlier `mail` step took; the oldest such
 * mail wins. The reply is the mail with `received: true`, or `{ received: false }` when none
 * came, so "nothing is mailed" is `expect: { received: false }`.
 */
type Action<K extends SuiteAction['kind']> = Extract<SuiteAction, { kind: K }>;

export const MAIL_POLL_MS = 100;
export const MAIL_TIMEOUT_MS = 5000;

export type MailReply = ({ readonly received: true } & MailRow) | { readonly received: false; readonly to: string; readonly waitedMs: number };

const addressed = (mail: MailRow, to: string): boolean =>
  mail.to.split(',').some((address) => address.trim().toLowerCase() === to.trim().toLowerCase());

export async function mailDriver(action: Action<'mail'>, ctx: SuiteContext): Promise<MailReply> {
  const timeoutMs = action.timeoutMs ?? MAIL_TIMEOUT_MS;
  const started = Date.now();
  for (;;) {
    const fresh = (await ctx.mails())
      .filter((mail) => addressed(mail, action.to) && !ctx.mailBefore.has(mail.id) && !ctx.mailTaken.has(mail.id))
      .reverse(); // the mailbox lists newest first; the next mail is the oldest new one
    const next = fresh[0];
    if (next) {
      ctx.mailTaken.add(next.id);
      return { received: true, ...next };
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) return { received: false, to: action.to, waitedMs: waited };
    await new Promise((resolve) => setTimeout(resolve, Math.min(MAIL_POLL_MS, timeoutMs - waited)));
  }
}
