import t from 'tap';
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../../scenarios/scenario-loader.js';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/**
 * A scenario's timeline in a running emulator: entries fire when the virtual clock reaches
 * them (jumped with /__sim/clock/advance) or after the nth event, and say so in the journal.
 */
const path = new URL('../../scenarios/examples/timeline-faults.yaml', import.meta.url).pathname;
const loaded = parseScenarioText(readFileSync(path, 'utf8'), path);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
const fx = await startTestEmulator(loaded.scenario);
t.teardown(() => fx.emulator.close());
const faultsOf = async (id: string) => ((await fx.control('GET', `/__sim/devices/${id}`)).body as { faults: string[]; power: string });

t.test('an at-0 fault is in force from the start, applied by its timeline entry', async (t) => {
  t.match(await faultsOf('cam-door'), { faults: ['latency'] });
  t.match(await fx.control('GET', '/__sim/faults'), { body: [{ type: 'latency', device: 'cam-door', explain: /timeline\[2\]/ }] });
});

t.test('at 30s the yard camera loses power, at 45s it is back; the NVR notices', async (t) => {
  await fx.control('POST', '/__sim/clock/advance', { ms: 29_000 });
  t.match(await faultsOf('cam-yard'), { power: 'on' });
  await fx.control('POST', '/__sim/clock/advance', { ms: 1_000 });
  t.match(await faultsOf('cam-yard'), { power: 'off', faults: ['power-off'] });
  const nvr = fx.client('nvr-home');
  await nvr.login('Vigi#Admin1');
  const table = await nvr.call({ method: 'get', chm: { table: 'added_dev' } });
  t.match(JSON.stringify(table), /"online":"0"/);
  await fx.control('POST', '/__sim/clock/advance', { ms: 15_000 });
  t.match(await faultsOf('cam-yard'), { power: 'on', faults: [] });
});

t.test('after the second code sent, mail stops for 30 s', async (t) => {
  const cam = fx.client('cam-door');
  t.match(await cam.forget('send_verification_code'), { error_code: 0 });
  t.match(await cam.forget('send_verification_code'), { error_code: 0 }, 'the second code is still mailed');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.match(await cam.forget('send_verification_code'), { error_code: -20609 }, 'then SMTP is down');
  await fx.control('POST', '/__sim/clock/advance', { ms: 30_000 });
  t.match(await cam.forget('send_verification_code'), { error_code: 0 }, '30 s later it is back');
  const applied = await fx.control('GET', '/__sim/events?types=fault-applied,fault-cleared&limit=50');
  t.match(JSON.stringify(applied.body), /smtp-down.*timeline\[3\]/);
});

t.test('reset starts the timeline again', async (t) => {
  await fx.control('POST', '/__sim/reset');
  t.match(await faultsOf('cam-door'), { faults: ['latency'] }, 'the at-0 fault again');
  t.match(await faultsOf('cam-yard'), { power: 'on' });
});
