import type { AddressInfo } from 'node:net';
import type { AddressObject, EmailAddress } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import type { Mailbox } from './mailbox.js';

export interface SmtpSinkOptions {
  readonly mailbox: Mailbox;
  /** Loopback by default: the sink accepts mail from anyone who can reach it. */
  readonly host?: string;
  /** 0 picks a free port; read the real one from start(). */
  readonly port?: number;
  /** Largest message accepted, in bytes (default 10 MB); larger ones get 552. */
  readonly maxBytes?: number;
  /** Client and socket errors; the sink survives them either way. */
  readonly onError?: (err: Error) => void;
}

/**
 * The embedded mailbox: a real SMTP server (smtp-server) on loopback that parses every message
 * (mailparser) into a Mailbox. Any AUTH is accepted and TLS is not offered, as in Mailpit.
 */
export class SmtpSink {
  readonly #mailbox: Mailbox;
  readonly #host: string;
  readonly #port: number;
  readonly #maxBytes: number;
  readonly #server: SMTPServer;
  #down = false;
  #state: 'new' | 'started' | 'closed' = 'new';

  constructor(options: SmtpSinkOptions) {
    this.#mailbox = options.mailbox;
    this.#host = options.host ?? '127.0.0.1';
    this.#port = options.port ?? 0;
    this.#maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    const onError = options.onError ?? (() => {});
    this.#server = new SMTPServer({
      name: 'vigi-sim', banner: 'vigi-sim mail sink', logger: false,
      size: this.#maxBytes, rejectOversized: true, authOptional: true, allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'], disableReverseLookup: true,
      closeTimeout: 1000, // close() should not hang on a client's idle pooled connection
      onAuth: (_auth, _session, cb) => cb(null, { user: 'any' }),
      onConnect: (_session, cb) => cb(this.#downError()),
      // Checked again per message: a pooled client connected before the fault keeps its socket.
      onMailFrom: (_address, _session, cb) => cb(this.#downError()),
      onData: (stream, session, cb) => this.#receive(stream, session).then(() => cb(), (err: Error) => cb(err)),
    });
    // An 'error' without a listener would kill the process; a bad client must never do that.
    this.#server.on('error', onError);
  }

  /** Listens and resolves with the bound address. */
  async start(): Promise<{ host: string; port: number }> {
    if (this.#state !== 'new') throw new Error(`SmtpSink cannot start: it is already ${this.#state}`);
    this.#state = 'started';
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#port, this.#host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    const address = this.#server.server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  /** While down (the `smtp-down` fault) every connection and message gets 421 and nothing is stored. */
  setDown(down: boolean): void {
    this.#down = down;
  }

  get down(): boolean {
    return this.#down;
  }

  async close(): Promise<void> {
    if (this.#state !== 'started') {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closed';
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #downError(): SMTPServerError | null {
    return this.#down ? replyError(421, 'Service not available (vigi-sim smtp-down fault), try again later') : null;
  }

  async #receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    // Drain the whole stream (never stall the connection) but keep at most maxBytes of it.
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (kept + chunk.length <= this.#maxBytes) chunks.push(chunk);
      kept += chunk.length;
    }
    if (stream.sizeExceeded || kept > this.#maxBytes) {
      throw replyError(552, `message exceeds the sink's maximum size of ${this.#maxBytes} bytes`);
    }
    const downErr = this.#downError();
    if (downErr) throw downErr;
    // Loaded on the first mail: mailparser and its encoders cost ~0.1 s at start-up otherwise.
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(Buffer.concat(chunks));
    const envelope = session.envelope;
    const to = addresses(parsed.to);
    const from = addresses(parsed.from);
    this.#mailbox.add({
      to: (to.length > 0 ? to : envelope.rcptTo.map((r) => r.address)).join(', '),
      from: (from.length > 0 ? from : [envelope.mailFrom ? envelope.mailFrom.address : '']).join(', '),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
    });
  }
}

function replyError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

/** Bare addresses of a parsed header, with groups flattened. */
function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const flat = (a: EmailAddress): EmailAddress[] => (a.group ? a.group.flatMap(flat) : [a]);
  return objects.flatMap((o) => o.value).flatMap(flat).flatMap((a) => (a.address ? [a.address] : []));
}
