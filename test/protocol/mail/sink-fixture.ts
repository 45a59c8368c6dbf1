import type { Test } from 'tap';
import { Mailbox } from '../../../protocol/mail/mailbox.js';
import { SmtpSink } from '../../../protocol/mail/smtp-sink.js';

/** A started SmtpSink on an ephemeral loopback port, closed when the test ends. */
export async function startSink(t: Test, options: { maxBytes?: number } = {}) {
  const mailbox = new Mailbox();
  const errors: Error[] = [];
  const sink = new SmtpSink({ mailbox, onError: (err) => errors.push(err), ...options });
  const { host, port } = await sink.start();
  t.teardown(() => sink.close());
  return { mailbox, sink, host, port, url: `smtp://${host}:${port}`, errors };
}
