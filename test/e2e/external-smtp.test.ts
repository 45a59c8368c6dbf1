import t from 'tap';
import { Mailbox } from '../../protocol/mail/mailbox.js';
import { SmtpSink } from '../../protocol/mail/smtp-sink.js';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/** `--smtp <url>`: reset mail goes to an external server (here a second sink, as Mailpit would be). */
t.test('reset mail goes to the external SMTP server, and nothing stays in the embedded mailbox', async (t) => {
  const external = new Mailbox();
  const server = new SmtpSink({ mailbox: external });
  const { port } = await server.start();
  t.teardown(() => server.close());
  const fx = await startTestEmulator(undefined, { smtpUrl: `smtp://127.0.0.1:${port}` });
  t.teardown(() => fx.emulator.close());

  t.match(await fx.control('GET', '/__sim/health'), { body: { smtp: { url: `smtp://127.0.0.1:${port}` } } });
  const arrived = external.waitFor({ to: 'owner@example.test' }, { timeoutMs: 10_000 });
  t.match(await fx.client('cam-front').forget('send_verification_code'), { error_code: 0 });
  t.match(await arrived, { from: 'noreply@tp-link.com', text: /\b\d{6}\b/ });
  t.match(await fx.control('GET', '/__sim/mail'), { status: 409, body: { error: { message: /external/ } } });
});

t.test('a dead external server makes Send Code answer -20609 and mail nothing', async (t) => {
  const fx = await startTestEmulator(undefined, { smtpUrl: 'smtp://127.0.0.1:1' });
  t.teardown(() => fx.emulator.close());
  t.match(await fx.client('cam-front').forget('send_verification_code'), { error_code: -20609, msg: /127\.0\.0\.1:1/ });
});
