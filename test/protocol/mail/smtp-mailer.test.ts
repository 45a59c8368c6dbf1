import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import type { OutgoingMail } from '../../../devices/kernel/mailer.js';
import { SmtpMailer, SmtpSendError } from '../../../protocol/mail/smtp-mailer.js';
import { startSink } from './sink-fixture.js';

t.setTimeout(30_000);

const codeMail: OutgoingMail = {
  from: 'noreply@tp-link.com',
  to: 'owner@example.com',
  subject: 'VIGI verification code 验证码',
  text: 'Your verification code is 654321.',
  html: '<p>Your verification code is <b>654321</b>.</p>',
};

function mailer(t: Test, url: string, timeoutMs?: number): SmtpMailer {
  const m = new SmtpMailer(timeoutMs === undefined ? { url } : { url, timeoutMs });
  t.teardown(() => m.close());
  return m;
}

/** A TCP server that accepts and never speaks: a hung mail server. */
async function silentServer(t: Test): Promise<number> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return (server.address() as AddressInfo).port;
}

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

t.test('delivers to an external SMTP server given by URL, as --smtp would', async (t) => {
  const external = await startSink(t);
  const m = mailer(t, `smtp://sim%40vigi:p%3Ass@127.0.0.1:${external.port}`);
  t.equal(m.server, `smtp://sim%40vigi:***@127.0.0.1:${external.port}`, 'password masked');
  const next = external.mailbox.waitFor({ to: codeMail.to }, { timeoutMs: 5000 });
  await m.send(codeMail);
  t.match(await next, { ...codeMail });
  // The pooled transport carries several mails in a row.
  await Promise.all([1, 2, 3].map((n) => m.send({ ...codeMail, subject: `n${n}` })));
  t.equal(external.mailbox.size, 4);
});

t.test('a refused connection rejects fast and names the server', async (t) => {
  const port = await closedPort();
  const started = Date.now();
  const err = await mailer(t, `smtp://127.0.0.1:${port}`).send(codeMail).catch((e: unknown) => e);
  t.ok(Date.now() - started < 3000, 'rejected within 3 s');
  t.type(err, SmtpSendError);
  t.match((err as Error).message, new RegExp(`SMTP server smtp://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
});

t.test('a server that never greets times out and says so', async (t) => {
  const port = await silentServer(t);
  const started = Date.now();
  const err = await mailer(t, `smtp://127.0.0.1:${port}`, 500).send(codeMail).catch((e: unknown) => e);
  t.ok(Date.now() - started < 3000, `rejected after ${Date.now() - started} ms`);
  t.match(err, { name: 'SmtpSendError', message: new RegExp(`127\\.0\\.0\\.1:${port}.*(greeting|timeout)`, 'i') });
});

t.test('a sink set down refuses with its reply, stores nothing, and recovers', async (t) => {
  const { mailbox, sink, url } = await startSink(t);
  const m = mailer(t, url);
  await m.send(codeMail); // warm the pool: the refusal must also reach an open connection
  mailbox.clear();
  sink.setDown(true);
  const err = await m.send(codeMail).catch((e: unknown) => e);
  t.match(err, { name: 'SmtpSendError', responseCode: 421, message: /refused the mail to owner@example\.com: 421 .*smtp-down/ });
  t.equal(mailbox.size, 0);
  sink.setDown(false);
  await m.send(codeMail);
  t.equal(mailbox.size, 1);
});

t.test('a closed mailer refuses to send', async (t) => {
  const { url } = await startSink(t);
  const m = mailer(t, url);
  m.close();
  await t.rejects(m.send(codeMail), /closed/);
});

t.test('bad options are rejected at construction', async (t) => {
  t.throws(() => new SmtpMailer({ url: 'http://127.0.0.1:25' }), /invalid SMTP URL/);
  t.throws(() => new SmtpMailer({ url: 'smtp://127.0.0.1:25', timeoutMs: 0 }), RangeError);
});
