import type { Logger } from 'pino';
import type { Clock } from '../devices/kernel/clock.js';
import type { EventSink } from '../devices/kernel/device-events.js';
import { Mailbox } from './mail/mailbox.js';
import { SmtpSink } from './mail/smtp-sink.js';
import { SmtpMailer } from './mail/smtp-mailer.js';

/**
 * Where reset mail goes: the embedded SMTP sink (a real SMTP server on loopback, read back at
 * `/__sim/mail`), or an external server given by `--smtp` (e.g. Mailpit).
 */
export interface MailSetup {
  readonly mailer: SmtpMailer;
  readonly mailbox: Mailbox | undefined;
  readonly smtp: { host: string; port: number } | { url: string };
  close(): Promise<void>;
}

export async function startMail(options: { smtpUrl?: string; clock: Clock; journal: EventSink; logger: Logger }): Promise<MailSetup> {
  if (options.smtpUrl) {
    const mailer = new SmtpMailer({ url: options.smtpUrl });
    return { mailer, mailbox: undefined, smtp: { url: mailer.server }, close: async () => mailer.close() };
  }
  const mailbox = new Mailbox({ clock: options.clock });
  const sink = new SmtpSink({ mailbox, onError: (error) => options.logger.warn({ err: error }, 'embedded SMTP sink') });
  const smtp = await sink.start();
  const mailer = new SmtpMailer({ url: `smtp://${smtp.host}:${smtp.port}` });
  mailbox.onMail((mail) => options.journal.emit({ type: 'mail-delivered', deviceId: 'mailbox', at: options.clock.now(), to: mail.to, subject: mail.subject }));
  return {
    mailer, mailbox, smtp,
    close: async () => {
      mailer.close();
      await sink.close();
    },
  };
}
