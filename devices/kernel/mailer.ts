/**
 * The port through which devices (and the emulated TP-Link cloud) send mail. Implementations
 * live in protocol/: SmtpMailer speaks real SMTP, MemoryMailer keeps mail for unit tests.
 */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface Mailer {
  /** Resolves once the mail server accepted the message; rejects when it could not be handed over. */
  send(mail: OutgoingMail): Promise<void>;
}

/** Keeps mail in memory: for tests of the pure core. */
export class MemoryMailer implements Mailer {
  readonly sent: OutgoingMail[] = [];
  failWith: Error | undefined;

  async send(mail: OutgoingMail): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(mail);
  }
}
