import type nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from '../../devices/kernel/mailer.js';
import { parseSmtpUrl, type SmtpTarget } from './smtp-url.js';

export { parseSmtpUrl, type SmtpTarget };

export interface SmtpMailerOptions {
  /** `smtp://[user:pass@]host[:port]` or `smtps://...`, see parseSmtpUrl. */
  readonly url: string;
  /** Connect, greeting and socket-idle timeout in ms (default 5000): a dead server fails fast. */
  readonly timeoutMs?: number;
}

/** Details of a failed hand-over, kept next to the readable message. */
export class SmtpSendError extends Error {
  override readonly name = 'SmtpSendError';

  constructor(
    message: string,
    /** SMTP reply code when the server answered (421, 550, ...); undefined for network failures. */
    readonly responseCode: number | undefined,
    /** nodemailer's code: ECONNECTION, ETIMEDOUT, EENVELOPE, EMESSAGE, EAUTH, ... */
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The Mailer port over real SMTP (nodemailer, one pooled transport). Plain smtp:// to loopback
 * never attempts STARTTLS; elsewhere STARTTLS is used when offered, falling back to plain
 * text if the upgrade fails. Certificates are checked except on loopback, where test servers
 * have self-signed ones and there is no wire to tap.
 */
export class SmtpMailer implements Mailer {
  readonly #target: SmtpTarget;
  readonly #timeoutMs: number;
  /** Made on the first send: nodemailer costs ~0.1 s to load, and most runs send no mail early. */
  #transport: Promise<ReturnType<typeof createPool>> | undefined;
  #closed = false;

  constructor(options: SmtpMailerOptions) {
    this.#target = parseSmtpUrl(options.url);
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be > 0, got ${timeoutMs}`);
    this.#timeoutMs = timeoutMs;
  }

  #pool(): Promise<ReturnType<typeof createPool>> {
    this.#transport ??= import('nodemailer').then(({ default: mailer }) => {
      const transport = createPool(mailer, this.#target, this.#timeoutMs);
      // Pool errors are reported through the failing send(); an unhandled 'error' would crash.
      transport.on('error', () => {});
      if (this.#closed) transport.close();
      return transport;
    });
    return this.#transport;
  }

  /** The server, password masked. */
  get server(): string {
    return this.#target.display;
  }

  async send(mail: OutgoingMail): Promise<void> {
    if (this.#closed) throw new SmtpSendError(`SMTP mailer for ${this.server} is closed`, undefined, 'ECLOSED');
    try {
      const { from, to, subject, text, html } = mail;
      await (await this.#pool()).sendMail({ from, to, subject, text, html });
    } catch (err) {
      throw describeFailure(err, this.server, mail.to);
    }
  }

  /** Closes pooled connections (QUIT); sends still queued fail. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#transport?.then((transport) => transport.close(), () => undefined);
  }
}

function createPool(mailer: typeof nodemailer, target: SmtpTarget, timeoutMs: number) {
  return mailer.createTransport({
    pool: true,
    host: target.host,
    port: target.port,
    secure: target.secure,
    ...(target.auth ? { auth: { user: target.auth.user, pass: target.auth.pass } } : {}),
    ignoreTLS: !target.secure && target.loopback,
    opportunisticTLS: true,
    tls: { rejectUnauthorized: !target.loopback },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Close idle sockets ourselves before socketTimeout would tear them down as errors.
    idleTimeout: Math.max(1, Math.floor(timeoutMs / 2)),
    // A server that drops connections (down, restarting) should fail the send, not stall it.
    maxRequeues: 1,
    logger: false,
  });
}

function describeFailure(err: unknown, server: string, to: string): SmtpSendError {
  const e = (err ?? {}) as { message?: string; response?: string; responseCode?: number; code?: string };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const options = { cause: err };
  if (responseCode !== undefined) {
    const reply = (e.response ?? e.message ?? '').trim();
    return new SmtpSendError(`SMTP server ${server} refused the mail to ${to}: ${reply}`, responseCode, code, options);
  }
  const why = e.message ?? String(err);
  return new SmtpSendError(`could not hand the mail to ${to} over to SMTP server ${server}: ${why}${code ? ` (${code})` : ''}`,
    undefined, code, options);
}
