import t from 'tap';
import pino from 'pino';
import { Writable } from 'node:stream';
import { startEmulator } from '../../protocol/emulator.js';
import { privateDiscoveryPorts, quickstartScenario } from '../helpers/emulator-fixture.js';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';
import { md5Form } from '../../devices/credentials/md5-form.js';

/**
 * Exposure: with logging at its most talkative, a whole reset flow (login, wrong password,
 * mailed code, answers, reset) leaves no password, MD5 form, security answer, code or reset
 * token in the logs.
 */
t.test('trace-level logs carry no secret', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  const emulator = await startEmulator({ scenario: quickstartScenario(), control: { host: '127.0.0.1', port: 0 }, devicePorts: { http: 0, https: 0 }, ...privateDiscoveryPorts(), logger: pino({ level: 'trace' }, sink) });
  t.teardown(() => emulator.close());
  const front = emulator.devices.find((d) => d.id === 'cam-front')!;
  const cam = new VigiWebClient(httpTransport(`https://${front.ip}:${front.ports.https}`));
  await cam.login('Vigi#Admin1');
  await cam.login('Wrong#Guess9');
  await cam.forget('send_verification_code');
  const code = /\b(\d{6})\b/.exec(emulator.mailbox!.list()[0]!.text)![1]!;
  const checked = await cam.forget('verification_code_check', { verify_code: code });
  const token = (checked.forget_password as { reset_token: string }).reset_token;
  await cam.resetPassword(token, 'Brand#New77');
  const answers = await cam.forget('sec_answer_check', { sec_answer_1: 'rex', sec_answer_2: 'lyon', sec_answer_3: 'alien' });
  t.equal(answers.error_code, 0);
  const log = lines.join('');
  t.ok(log.length > 0, `${lines.length} log lines written`);
  for (const secret of ['Vigi#Admin1', 'Wrong#Guess9', 'Brand#New77', md5Form('Vigi#Admin1'), md5Form('Brand#New77'), code, token, 'alien', 'lyon']) {
    t.notOk(log.includes(secret), `no ${secret.length > 12 ? `${secret.slice(0, 6)}…` : 'secret'} in the logs`);
  }
});
