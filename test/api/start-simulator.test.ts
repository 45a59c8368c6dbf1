import t from 'tap';
import { startSimulator, SimulatorOptionsError, VigiWebClient, type Simulator } from '../../index.js';

// Two simulators started from one file run side by side: their own control planes, device
// ports, mailboxes and faults, although their devices have the same 127.77.x.y addresses.

const started: Simulator[] = [];
const start = async (...args: Parameters<typeof startSimulator>) => {
  const sim = await startSimulator(...args);
  started.push(sim);
  return sim;
};
t.teardown(() => Promise.all(started.map((sim) => sim.close())));

t.test('two simulators side by side', async (t) => {
  const [a, b] = await Promise.all([start(), start()]);
  t.not(a.controlUrl, b.controlUrl, 'each has its own control plane');
  t.match(a.controlUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const [frontA, frontB] = [a.device('cam-front'), b.device('cam-front')];
  t.equal(frontA.ip, frontB.ip, 'the same device address in both');
  t.not(frontA.ports.https, frontB.ports.https, 'on different ports');
  t.ok(a.client('cam-front') instanceof VigiWebClient);
  t.match(await a.client('cam-front').login('Vigi#Admin1'), { error_code: 0 });
  t.match(await b.client('cam-front', { scheme: 'http' }).login('Vigi#Admin1'), { error_code: 0 });

  t.test('a power-off in one does not touch the other', async (t) => {
    const off = await a.fault('cam-front', 'power-off');
    t.match(off, { type: 'power-off', deviceId: 'cam-front' });
    t.equal(a.device('cam-front').power, 'off');
    t.equal(b.device('cam-front').power, 'on');
    await t.rejects(a.client('cam-front').challenge(), 'the powered-off camera resets the connection');
    t.match(await b.client('cam-front').login('Vigi#Admin1'), { error_code: 0 }, 'its twin still answers');
    await off.clear();
    t.equal(a.device('cam-front').power, 'on');
    t.match(await a.client('cam-front').login('Vigi#Admin1'), { error_code: 0 });
  });

  t.test('the mail of one is not in the other', async (t) => {
    t.match(await b.client('cam-front').forget('send_verification_code'), { error_code: 0 });
    const mail = await b.mail.waitFor({ to: 'owner@example.test' });
    t.match(mail, { from: 'noreply@tp-link.com', text: /\b\d{6}\b/ });
    t.same(a.mail.list(), [], 'nothing reached the other mailbox');
    await t.rejects(a.mail.waitFor({ to: 'owner@example.test', timeoutMs: 100 }), /no mail matching/);
  });

  t.test('the clock of one is not the clock of the other', async (t) => {
    const before = b.clock.now();
    const now = await a.clock.advance(3_600_000);
    t.ok(now >= before + 3_600_000);
    t.ok(b.clock.now() < now - 3_000_000, 'b is still at wall time');
  });
});

t.test('mail.waitFor', async (t) => {
  const sim = await start();
  const camera = sim.client('cam-front');
  await t.rejects(sim.mail.waitFor({ to: 'nobody@example.test', timeoutMs: 50 }), {
    message: 'mail.waitFor: no mail matching { to=nobody@example.test } arrived within 50 ms (the mailbox is empty)',
  });

  await camera.forget('send_verification_code');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const first = await sim.mail.waitFor({ to: 'owner@example.test', subject: /verification code/ });
  t.ok(first, 'a mail that arrived before the call is found');
  await t.rejects(sim.mail.waitFor({ to: 'owner@example.test', timeoutMs: 100 }), /already returned/, 'a mail is returned once');

  const next = sim.mail.waitFor({ to: 'owner@example.test' });
  await sim.clock.advance(120_000); // past the "Send Code" rate limit
  t.match(await camera.forget('send_verification_code'), { error_code: 0 });
  t.not((await next).id, first.id, 'the second waitFor gets the second mail');
  await t.rejects(sim.mail.waitFor({ timeoutMs: -1 }), RangeError);
});

t.test('faults: global smtp-down, unknown devices and types, reset()', async (t) => {
  const sim = await start();
  const smtp = await sim.fault('smtp-down');
  t.equal(smtp.type, 'smtp-down');
  t.not((await sim.client('cam-front').forget('send_verification_code')).error_code, 0, '"Send Code" fails while SMTP is down');
  await smtp.clear();
  await t.rejects(sim.fault('cam-frnt', 'power-off'), /no device "cam-frnt" in this simulator \(did you mean "cam-front"\?\)/);
  await t.rejects(sim.fault('cam-front', 'melt' as 'power-off'), /fault\(cam-front, melt\): /);
  t.throws(() => sim.device('nvr'), /no device "nvr".*the devices are cam-front/);

  await sim.fault('cam-lobby', 'power-off');
  await sim.client('cam-front').forget('send_verification_code');
  await sim.mail.waitFor({ to: 'owner@example.test' });
  await sim.reset();
  t.equal(sim.device('cam-lobby').power, 'on', 'reset clears faults');
  t.same(sim.mail.list(), [], 'and the mailbox');
});

t.test('cloud: the support desk and the VIGI app, as helpers', async (t) => {
  const sim = await start();
  const cam = sim.client('cam-front');
  const qr = await cam.forget('get_support_qrcode');
  const { qrcode } = qr.forget_password as { qrcode: string };
  const support = await sim.cloud.supportCode(qrcode);
  t.match(support, { code: /^[0-9]{6}$/, expiresIn: 300, deviceUuid: String }, 'supportCode reads the code from the QR payload');
  const checked = await cam.forget('support_code_check', { verify_code: support.code });
  t.equal(checked.error_code, 0, 'and the camera takes that code');
  await t.rejects(sim.cloud.supportCode('not a QR'), { message: /^cloud\.supportCode: /, code: Number }, 'a payload that is no QR is refused with its vendor code');

  await sim.fault('cam-front', 'no-internet');
  const sent = await cam.forget('send_verification_code');
  t.equal(sent.error_code, -51218, 'without internet "Send Code" shows the app QR');
  const scanned = await sim.cloud.appScan((sent.data as { qrcode: string }).qrcode);
  t.match(scanned, { to: /\*/, deviceUuid: String }, 'appScan: the cloud mailed the code (address masked)');
  t.match((await sim.mail.waitFor({ to: 'owner@example.test' })).text, /[0-9]{6}/, 'and the mail carries it');
  await t.rejects(sim.cloud.appScan((sent.data as { qrcode: string }).qrcode.slice(0, -4)), /^cloud\.appScan: /, 'a damaged QR is refused');
});

t.test('events: wait for what the NVR notices, with no race', async (t) => {
  const sim = await start({ nvrPollMs: 100 });
  await sim.fault('cam-front', 'power-off');
  const offline = await sim.events.waitFor({ type: 'channel-state-changed', deviceId: 'nvr-main', where: (e) => e.to === 'offline' });
  t.match(offline, { channel: '1', from: 'connected', to: 'offline', seq: Number, at: Number }, 'the NVR saw channel 1 (cam-front) go offline');
  t.ok(sim.events.list({ type: 'powered-off', deviceId: 'cam-front' }).length >= 1, 'list shows the power-off');
  const mark = sim.events.lastSeq;
  await sim.reset();
  await t.rejects(sim.events.waitFor({ type: 'powered-off', timeoutMs: 50 }), /no event matching type powered-off/, 'after reset() only new entries count');
  t.ok(sim.events.list({ since: mark, type: 'topology-reset' }).length === 1, 'the reset itself is journalled');
});

t.test('close() is idempotent, and a closed simulator says so', async (t) => {
  const sim = await start();
  const { controlUrl } = sim;
  await sim.close();
  await sim.close();
  await t.rejects(sim.clock.advance(1), new RegExp(`the simulator at ${controlUrl} is closed`));
  await t.rejects(fetch(`${controlUrl}/__sim/health`), 'nothing listens any more');
});

t.test('a generated topology, a scenario object, a token', async (t) => {
  const generated = await start({ cameras: 3, nvrs: 1, seed: 5 });
  t.same(generated.devices.map((d) => d.id).sort(), ['cam-1', 'cam-2', 'cam-3', 'nvr-1']);
  const fromObject = await start({
    scenario: { version: 1, devices: [{ id: 'cam-solo', kind: 'camera', password: 'Solo#Pass1', resetEmail: 'solo@example.test' }] },
    token: 'sekrit',
  });
  t.match(await fromObject.client('cam-solo').login('Solo#Pass1'), { error_code: 0 });
  t.equal((await fetch(`${fromObject.controlUrl}/__sim/devices`)).status, 401, 'the control plane wants the token');
  await fromObject.fault('cam-solo', 'latency', { ms: 5 });
  t.match(fromObject.device('cam-solo').faults, ['latency'], "the simulator's own calls send it");
});

t.test('options are checked, with clear errors, before anything starts', async (t) => {
  const refused = async (options: unknown, message: RegExp) =>
    t.rejects(startSimulator(options as Parameters<typeof startSimulator>[0]), { name: 'SimulatorOptionsError', message }, message.source);
  await refused({ scenaro: 'x.yaml' }, /^startSimulator: unknown option "scenaro" \(did you mean "scenario"\?\)/);
  await refused({ cameras: 2, scenario: 'x.yaml' }, /give a scenario or cameras/);
  await refused({ cameras: 0 }, /the number of cameras must be a whole number from 1/);
  await refused({ nvrs: 1 }, /nvrs goes with cameras/);
  await refused({ seed: -1 }, /seed must be a whole number/);
  await refused({ smtpUrl: 'http://mail' }, /smtpUrl: invalid SMTP URL/);
  await refused({ discovery: 'loud' }, /discovery must be "private"/);
  await refused({ token: '' }, /token must be a non-empty string/);
  await refused({ scenario: 42 }, /scenario must be a file path or a scenario object, got 42/);
  await refused({ scenario: 'no/such/file.yaml' }, /1 problem in .*no\/such\/file\.yaml, nothing was started:\n {2}.*file\.yaml:1:1: cannot read the scenario: no such file/);
  await refused('quickstart', /options must be an object, got string/);
  const error = await startSimulator({ scenario: { version: 1, devices: [{ id: 'Bad Id', kind: 'camera' }] } as never }).catch((e: unknown) => e);
  t.ok(error instanceof SimulatorOptionsError);
  t.ok((error as SimulatorOptionsError).problems.length > 0, 'the problems are there as data too');
  t.match((error as Error).message, /in the scenario object, nothing was started:\n {2}<scenario object>:1:1: /);
});
