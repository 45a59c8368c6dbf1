import t from 'tap';
import { runSuite, SKIP_REASON } from '../../../protocol/suite-runner/run-suite.js';
import { startSuiteEmulator } from '../../../protocol/suite-runner/suite-emulator.js';
import type { StepResult } from '../../../protocol/suite-runner/step-result.js';
import type { Suite } from '../../../scenarios/suite-types.js';
import { OWNER, PASSWORD, runnerScenario, step, suite } from './suite-fixture.js';

/**
 * The runner on real sockets: suites built in code against a running emulator (free ports,
 * private discovery ports), HTTPS to each device's own address, the control plane over HTTP.
 */
const emulator = await startSuiteEmulator(runnerScenario());
t.teardown(() => emulator.close());
const run = (s: Suite, onResult?: (result: StepResult, index: number) => void) =>
  runSuite(s, { emulator, controlUrl: emulator.controlUrl, ...(onResult ? { onResult } : {}) });
const device = (id: string) => emulator.devices.find((d) => d.id === id)!;

t.test('a passing suite: one ok result per step, in order, each timed', async (t) => {
  const seen: string[] = [];
  const results = await run(suite('email reset',
    step('Log in to the NVR', { kind: 'login', device: 'nvr', password: PASSWORD }),
    step('The camera is connected', { kind: 'nvr-table', device: 'nvr' }, { expect: { channels: { cam: { id: '1', online: '1', auth_result: '0' } } } }),
    step('Send Code', { kind: 'forget', device: 'cam', action: 'send_verification_code' }),
    step('Open the mail', { kind: 'mail', to: OWNER }, { expect: { from: 'noreply@tp-link.com' }, capture: { code: '/\\b(\\d{6})\\b/' } }),
    step('Enter the verification code', { kind: 'forget', device: 'cam', action: 'verification_code_check', params: { verify_code: '${code}' } }, { capture: { token: 'forget_password.reset_token' } }),
    step('Enter the new password', { kind: 'forget', device: 'cam', action: 'password_reset', params: { reset_token: '${token}', password: 'Cam#New1' } }),
    step('Log in with the new password', { kind: 'login', device: 'cam', password: 'Cam#New1' }, { expect: { error_code: 0, stok: '/^[0-9a-f]{32}$/' } }),
    step('The NVR changes it back with its own password', { kind: 'nvr-change-password', device: 'nvr', channel: 'cam', nvrPassword: PASSWORD, newPassword: PASSWORD }, { expect: { error_code: -71554 } }),
  ), (result) => seen.push(result.name));
  t.same(results.map((r) => [r.name, r.ok]), [
    ['Log in to the NVR', true], ['The camera is connected', true], ['Send Code', true], ['Open the mail', true],
    ['Enter the verification code', true], ['Enter the new password', true], ['Log in with the new password', true],
    ['The NVR changes it back with its own password', true],
  ], results.find((r) => !r.ok)?.message ?? 'all ok');
  t.same(seen, results.map((r) => r.name), 'onResult is called as each step ends');
  for (const result of results) {
    t.ok(Number.isInteger(result.durationMs) && result.durationMs >= 0);
    t.equal(result.message, undefined);
    t.match(result.location, /^runner-test\.yaml:\d+:7$/);
  }
});

t.test('a failed expectation is reported with expected and actual, and the steps after it are skipped', async (t) => {
  const wrong = suite('wrong password',
    step('Open Forget Password', { kind: 'forget', device: 'spare', action: 'get_methods' }),
    step('Log in with a wrong password', { kind: 'login', device: 'spare', password: 'wrong' }),
    step('Press the reset button', { kind: 'factory-reset', device: 'spare' }),
    step('Log in', { kind: 'login', device: 'spare', password: PASSWORD }),
  );
  const results = await run(wrong);
  t.equal(results.length, 4);
  t.match(results[0], { ok: true });
  const failed = results[1]!;
  t.match(failed, {
    name: 'Log in with a wrong password',
    ok: false,
    message: /^error_code: expected 0, got -40401/,
    expected: { error_code: 0 },
    actual: { error_code: -40401, data: { time: 1, max_time: 5 } },
    location: wrong.steps[1]!.location,
  });
  t.equal(failed.skip, undefined);
  for (const skipped of results.slice(2)) t.match(skipped, { ok: false, skip: SKIP_REASON, durationMs: 0 });
  t.equal(device('spare').activated, true, 'a skipped step does not run: the camera was not reset');
});

t.test('captures flow into later steps (actions and expectations); a missing capture fails the step', async (t) => {
  const results = await run(suite('support desk',
    step('Choose Technical Support', { kind: 'forget', device: 'spare', action: 'get_support_qrcode' }, { capture: { qrcode: 'forget_password.qrcode' } }),
    step('Read the uuid', { kind: 'call', device: 'spare', method: 'do', module: 'forget_password', params: { get_methods: null } }),
    step('The agent reads the QR', { kind: 'support-code', qrcode: '${qrcode}' }, { expect: { status: 200, body: { code: '/^\\d{6}$/', device_uuid: device('spare').uuid } }, capture: { agentCode: 'body.code', uuid: 'body.device_uuid' } }),
    step('Enter the code', { kind: 'forget', device: 'spare', action: 'support_code_check', params: { verify_code: '${agentCode}' } }, { capture: { token: 'forget_password.reset_token' } }),
    step('The agent\'s answer names the device', { kind: 'support-code', qrcode: '${qrcode}' }, { expect: { body: { device_uuid: '${uuid}' } } }),
    step('Enter the new password', { kind: 'reset-password', device: 'spare', token: '${token}', password: 'Spare#New1' }),
    step('Log in with it', { kind: 'login', device: 'spare', password: 'Spare#New1' }),
    step('Use a value never captured', { kind: 'forget', device: 'spare', action: 'verification_code_check', params: { verify_code: 'x${nothing}' } }),
    step('Never runs', { kind: 'login', device: 'spare', password: 'Spare#New1' }),
  ));
  t.same(results.slice(0, 7).map((r) => r.ok), [true, true, true, true, true, true, true], results.find((r) => !r.ok)?.message ?? 'all ok');
  t.match(results[7], { ok: false, message: /^no capture named "nothing" \(captured so far: qrcode, agentCode, uuid, token\)$/ });
  t.match(results[8], { skip: SKIP_REASON });
});

t.test('a step that throws (the connection is reset) is a failed step with the error', async (t) => {
  const results = await run(suite('offline',
    step('Cut the network cable', { kind: 'fault', fault: { type: 'offline', device: 'spare' } }, { expect: { status: 201, body: { faults: ['offline'] } } }),
    step('Try to log in', { kind: 'login', device: 'spare', password: 'Spare#New1' }),
    step('Never runs', { kind: 'clear-fault', type: 'offline', device: 'spare' }),
  ));
  t.match(results[0], { ok: true });
  t.match(results[1], { ok: false, message: /ECONNRESET|socket hang up|ECONNREFUSED/ });
  t.notOk('actual' in results[1]!, 'nothing came back');
  t.match(results[2], { skip: SKIP_REASON });
  const cleared = await run(suite('clear', step('Reconnect', { kind: 'clear-fault', type: 'offline', device: 'spare' }, { expect: { status: 200, body: { faults: [] } } })));
  t.match(cleared, [{ ok: true }]);
});

t.test('defaults: control-plane steps expect a 2xx, mail steps a mail; both can expect otherwise', async (t) => {
  const [notFound] = await run(suite('bad device', step('Power off a device that does not exist', { kind: 'fault', fault: { type: 'power-off', device: 'nope' } })));
  t.match(notFound, { ok: false, message: /^status: expected a value matching \/\^2\\d\\d\$\/, got 404 \(No device "nope"\.\)$/, expected: { status: '/^2\\d\\d$/' }, actual: { status: 404 } });

  const quiet = await run(suite('no mail',
    step('Nothing is mailed', { kind: 'mail', to: 'nobody@example.test', timeoutMs: 250 }, { expect: { received: false } }),
    step('Wait for a mail that never comes', { kind: 'mail', to: 'nobody@example.test', timeoutMs: 250 }),
  ));
  t.match(quiet[0], { ok: true });
  t.match(quiet[1], { ok: false, message: 'received: expected true, got false', actual: { received: false, to: 'nobody@example.test' } });
  t.ok(quiet[1]!.durationMs >= 240, 'it waited for the timeout');
});

t.test('a mail step takes only mail that came with the step before it', async (t) => {
  const results = await run(suite('stale mail',
    step('Send Code', { kind: 'forget', device: 'cam', action: 'send_verification_code' }),
    step('Check the methods', { kind: 'forget', device: 'cam', action: 'get_methods' }),
    step('Open the mail', { kind: 'mail', to: OWNER, timeoutMs: 300 }, { expect: { received: false } }),
  ));
  t.same(results.map((r) => r.ok), [true, true, true], 'the code sent two steps earlier is not "the next mail"');
});

t.test('session steps need a login first, and say so', async (t) => {
  const fresh = await startSuiteEmulator(runnerScenario());
  t.teardown(() => fresh.close());
  const results = await runSuite(suite('no login',
    step('Forget Password with the session', { kind: 'forget', device: 'cam', action: 'get_methods', session: true }),
  ), { emulator: fresh, controlUrl: fresh.controlUrl });
  t.match(results, [{ ok: false, message: 'no session with cam: log in first (a "login" step for cam)' }]);
  const unknown = await runSuite(suite('unknown', step('Log in to a ghost', { kind: 'login', device: 'ghost', password: 'x' })), { emulator: fresh, controlUrl: fresh.controlUrl });
  t.match(unknown, [{ ok: false, message: /^no device "ghost" in this scenario \(devices: cam, spare, nvr\)$/ }]);
});

t.test('the NVR steps: remove a channel, add the camera again, read the table by camera id', async (t) => {
  const results = await run(suite('nvr',
    step('Log in to the NVR', { kind: 'login', device: 'nvr', password: PASSWORD }),
    step('Read the channel', { kind: 'nvr-table', device: 'nvr' }, { capture: { channel: 'channels.cam.id' } }),
    step('Remove it', { kind: 'nvr', device: 'nvr', action: 'chm_del_dev', params: { ids: ['${channel}'] } }),
    step('Add it with its new password', { kind: 'nvr-add', device: 'nvr', camera: 'cam', password: 'Cam#New1' }, { expect: { error_code: 0, chm: { device_list: [{ status: 'connected' }] } } }),
    step('Change its password through the NVR', { kind: 'nvr-change-password', device: 'nvr', channel: 'cam', nvrPassword: PASSWORD, newPassword: 'Cam#Nvr1' }),
    step('The camera logs in with it', { kind: 'login', device: 'cam', password: 'Cam#Nvr1' }),
  ));
  t.same(results.map((r) => r.ok), [true, true, true, true, true, true], results.find((r) => !r.ok)?.message ?? 'all ok');
});

t.test('OpenAPI events: subscribe, detect, hear it; an event step without a stream, or with nothing pushed, fails', async (t) => {
  const scenario = runnerScenario();
  const fresh = await startSuiteEmulator({ ...scenario, devices: scenario.devices.map((d) => (d.id === 'spare' ? { ...d, openapi: true } : d)) });
  t.teardown(() => fresh.close());
  const runOn = (s: Suite) => runSuite(s, { emulator: fresh, controlUrl: fresh.controlUrl });
  const results = await runOn(suite('events',
    step('doAuth', { kind: 'openapi', device: 'spare', password: PASSWORD }),
    step('Subscribe', { kind: 'openapi', device: 'spare', call: 'subscribeMsg', params: { event_type: ['all'], heartbeat: 1 } }, { expect: { ok: true, method: 'subscribeMsg', errCode: 0 } }),
    step('A person', { kind: 'detect', device: 'spare', type: 'PeopleDetection' }, { expect: { status: 201, body: { pushed: true } } }),
    step('Heard, heartbeats skipped', { kind: 'openapi-event', device: 'spare', timeoutMs: 3_000 }, { expect: { event_type: 'PeopleDetection', time: '/^\\d+$/' } }),
    step('No vehicles pushed', { kind: 'openapi', device: 'spare', call: 'setVehicleDetectionSwitch', params: { msg_push_enabled: 'off' } }),
    step('A vehicle', { kind: 'detect', device: 'spare', type: 'VehicleDetection' }, { expect: { body: { pushed: false } } }),
    step('Nothing heard', { kind: 'openapi-event', device: 'spare', timeoutMs: 1_500 }, { expect: { received: false } }),
  ));
  t.same(results.map((r) => [r.name, r.ok]), [
    ['doAuth', true], ['Subscribe', true], ['A person', true], ['Heard, heartbeats skipped', true], ['No vehicles pushed', true], ['A vehicle', true], ['Nothing heard', true],
  ], results.find((r) => !r.ok)?.message ?? 'all ok');
  const [unsubscribed] = await runOn(suite('no stream', step('Wait for an event', { kind: 'openapi-event', device: 'cam' })));
  t.match(unsubscribed, { ok: false, message: 'no event stream from cam: subscribe first (an "openapi" step for cam with call: subscribeMsg)' });
  const [quiet] = await runOn(suite('quiet',
    step('doAuth', { kind: 'openapi', device: 'spare', password: PASSWORD, call: 'subscribeMsg' }),
  ));
  t.match(quiet, { ok: true }, 'log in and subscribe in one step');
});
