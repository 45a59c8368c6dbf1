import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import t, { type Test } from 'tap';
import { Mailbox } from '../../../protocol/mail/mailbox.js';
import { SmtpSink } from '../../../protocol/mail/smtp-sink.js';
import { startSink } from './sink-fixture.js';

t.setTimeout(30_000);

/** A plain nodemailer client, independent of SmtpMailer, so the sink is tested on its own. */
function client(t: Test, port: number) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1', port, secure: false, ignoreTLS: true,
    connectionTimeout: 3000, greetingTimeout: 3000, socketTimeout: 3000,
  });
  t.teardown(() => transport.close());
  return transport;
}

t.test('a real SMTP conversation lands in the mailbox with every field intact', async (t) => {
  const { mailbox, port } = await startSink(t);
  const info = await client(t, port).sendMail({
    from: '"TP-Link" <noreply@tp-link.com>',
    to: 'Owner <Owner@Example.com>, second@example.com',
    subject: 'Código de verificação ✓ 验证码 🔑',
    text: 'Your verification code is 123456.\nIt expires in 5 minutes.',
    html: '<p>Your verification code is <b>123456</b>.</p>',
  });
  t.match(info.response, /^250 /);
  const [got] = mailbox.list();
  t.match(got, {
    to: 'Owner@example.com, second@example.com', // the domain comes back lower-cased
    from: 'noreply@tp-link.com',
    subject: 'Código de verificação ✓ 验证码 🔑',
    text: 'Your verification code is 123456.\nIt expires in 5 minutes.',
    html: '<p>Your verification code is <b>123456</b>.</p>',
  });
  t.ok(got && !Number.isNaN(Date.parse(got.date)), 'date is ISO');
});

t.test('text-only mail gets an empty html, and bcc-only mail uses the envelope', async (t) => {
  const { mailbox, port } = await startSink(t);
  await client(t, port).sendMail({ from: 'a@example.com', bcc: 'hidden@example.com', subject: 's', text: 'plain' });
  t.match(mailbox.list()[0], { to: 'hidden@example.com', text: 'plain', html: '' });
});

t.test('several mails: newest first, clear, waitFor over the wire', async (t) => {
  const { mailbox, port } = await startSink(t);
  const smtp = client(t, port);
  for (const n of [1, 2, 3]) await smtp.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: `m${n}`, text: '.' });
  t.same(mailbox.list().map((m) => m.subject), ['m3', 'm2', 'm1']);
  mailbox.clear();
  t.equal(mailbox.size, 0);
  const next = mailbox.waitFor({ to: 'c@example.com' }, { timeoutMs: 5000 });
  await smtp.sendMail({ from: 'a@example.com', to: 'c@example.com', subject: 'for c', text: '.' });
  t.equal((await next).subject, 'for c');
});

t.test('down: mail is refused with 421 and nothing is stored; up again: accepted', async (t) => {
  const { mailbox, sink, port } = await startSink(t);
  const smtp = client(t, port);
  sink.setDown(true);
  t.equal(sink.down, true);
  await t.rejects(smtp.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'x', text: '.' }),
    { message: /421/, responseCode: 421 });
  t.equal(mailbox.size, 0);
  sink.setDown(false);
  await smtp.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'y', text: '.' });
  t.equal(mailbox.list()[0]?.subject, 'y');
});

t.test('an oversized message gets 552 and is not stored', async (t) => {
  const { mailbox, port } = await startSink(t, { maxBytes: 1024 });
  await t.rejects(client(t, port).sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'big', text: 'x'.repeat(5000) }),
    { message: /552/, responseCode: 552 });
  t.equal(mailbox.size, 0);
});

t.test('a garbage-speaking client that hangs up mid-DATA does not hurt the sink', async (t) => {
  const { mailbox, port } = await startSink(t);
  await new Promise<void>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.write('\x00\xff GARBAGE\r\nEHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nSubject: half\r\n');
    setTimeout(() => socket.destroy(), 200);
  });
  await client(t, port).sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'still alive', text: '.' });
  t.same(mailbox.list().map((m) => m.subject), ['still alive']);
});

t.test('start twice, close twice, port in use', async (t) => {
  const { sink, port } = await startSink(t);
  await t.rejects(sink.start(), /already started/);
  const clash = new SmtpSink({ mailbox: new Mailbox(), port });
  await t.rejects(clash.start(), { code: 'EADDRINUSE' });
  await clash.close();
  await sink.close();
  await sink.close();
});
