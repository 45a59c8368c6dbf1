import t from 'tap';
import { startSimulator } from '../../protocol/simulator/index.js';

/**
 * Named checkpoints of the whole topology on a running simulator: take one after a set-up,
 * change things, return to it. Devices (flash and RAM), the mailbox and faults come back; the
 * clock, the journal and anything taken later do not.
 */
const PASSWORD = 'Vigi#Admin1';

t.test('restore brings back devices, mailbox and faults as they were', async (t) => {
  const sim = await startSimulator({ seed: 3, nvrPollMs: 200 });
  t.teardown(() => sim.close());
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.controlUrl}${path}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });

  // Set-up: a password changed, a code mailed, cam-lobby powered off.
  const front = sim.client('cam-front');
  await front.login(PASSWORD);
  t.equal((await front.changePassword(PASSWORD, 'Setup#Pass1')).error_code, 0);
  t.equal((await sim.client('cam-garage').reset.sendVerificationCode()).error_code, -51218, 'cam-garage has no internet: app QR');
  t.equal((await sim.client('cam-backyard').reset.sendVerificationCode()).error_code, 0);
  await sim.mail.waitFor({ to: 'owner@example.test' });
  await sim.fault('cam-lobby', 'power-off');

  const taken = await control('POST', '/__sim/checkpoints', { name: 'after-setup' });
  t.equal(taken.status, 201);
  t.match(await taken.json(), { name: 'after-setup', takenAt: String, devices: 5, mails: 1, faults: 1 });

  // Afterwards: another password, the mailbox emptied, the fault cleared, a factory reset.
  await front.login('Setup#Pass1');
  await front.changePassword('Setup#Pass1', 'Later#Pass2');
  sim.mail.clear();
  await (await sim.fault('cam-lobby', 'power-off')).clear();
  await control('POST', '/__sim/devices/cam-backyard/factory-reset');
  t.equal(sim.device('cam-lobby').power, 'on');

  const restored = await control('POST', '/__sim/checkpoints/after-setup/restore');
  t.equal(restored.status, 200);
  t.equal((await sim.client('cam-front').login('Setup#Pass1')).error_code, 0, 'the password of the checkpoint logs in');
  t.equal((await sim.client('cam-front').login('Later#Pass2')).error_code, -40401, 'the later one does not');
  t.equal(sim.device('cam-lobby').power, 'off', 'cam-lobby is off again');
  t.match(await (await control('GET', '/__sim/faults')).json(), [{ type: 'power-off', device: 'cam-lobby' }], 'and its fault is in force');
  t.equal(sim.device('cam-backyard').activated, true, 'the factory reset is undone');
  t.equal(sim.mail.list().length, 1, 'the mailbox holds what it held');
  const code = /\b(\d{6})\b/.exec(sim.mail.list()[0]!.text)?.[1];
  t.equal((await sim.client('cam-backyard').reset.checkVerificationCode(code!)).error_code, 0, 'and the code mailed before the checkpoint is still good (RAM came back)');
  t.match(await (await control('GET', '/__sim/checkpoints')).json(), [{ name: 'after-setup' }]);
});

t.test('the simulator API: checkpoint(name).restore(), before each test', async (t) => {
  const sim = await startSimulator({ seed: 3 });
  t.teardown(() => sim.close());
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);
  await camera.changePassword(PASSWORD, 'Setup#Pass1');
  const setUp = await sim.checkpoint('set-up');
  for (const next of ['One#Pass11', 'Two#Pass22']) {
    await setUp.restore();
    const client = sim.client('cam-front');
    t.equal((await client.login('Setup#Pass1')).error_code, 0, `before "${next}": the set-up password`);
    t.equal((await client.changePassword('Setup#Pass1', next)).error_code, 0);
  }
  await sim.reset();
  t.equal((await sim.client('cam-front').login(PASSWORD)).error_code, 0, 'reset() still goes to the scenario\'s start');
  await setUp.restore();
  t.equal((await sim.client('cam-front').login('Setup#Pass1')).error_code, 0, 'and the checkpoint outlives it');
});

t.test('bad names and unknown checkpoints are refused; delete forgets', async (t) => {
  const sim = await startSimulator({ seed: 3 });
  t.teardown(() => sim.close());
  const post = (path: string, body?: unknown) => fetch(`${sim.controlUrl}${path}`, { method: 'POST', ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  for (const name of ['', '../etc', 'a'.repeat(65), 42]) {
    const response = await post('/__sim/checkpoints', { name });
    t.equal(response.status, 400, `name ${JSON.stringify(name).slice(0, 20)} → 400`);
  }
  const unknown = await post('/__sim/checkpoints/nope/restore');
  t.equal(unknown.status, 404);
  t.match(await unknown.json(), { error: { message: 'No checkpoint "nope"; none was taken.' } });
  await sim.checkpoint('one');
  t.equal((await fetch(`${sim.controlUrl}/__sim/checkpoints/one`, { method: 'DELETE' })).status, 204);
  t.equal((await fetch(`${sim.controlUrl}/__sim/checkpoints/one`, { method: 'DELETE' })).status, 404);
  await t.rejects(sim.checkpoint('bad name'), /checkpoint\("bad name"\): A checkpoint name is 1 to 64/);
});
