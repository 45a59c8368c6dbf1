import t from 'tap';
import { startSimulator } from '../../protocol/simulator/index.js';

/**
 * The request log on a running simulator: what a client asked, in order, with the error_code it
 * got, and nothing secret; the same entries over the control plane.
 */
const PASSWORD = 'Vigi#Admin1';
// No NVR: its channel polls would be requests in the log too.
const scenario = {
  version: 1 as const,
  devices: [
    { id: 'cam-front', kind: 'camera' as const, password: PASSWORD, resetEmail: 'owner@example.test' },
    { id: 'cam-garage', kind: 'camera' as const, password: PASSWORD },
  ],
};

t.test('a reset by email, as the log sees it', async (t) => {
  const sim = await startSimulator({ scenario, seed: 5 });
  t.teardown(() => sim.close());
  const camera = sim.client('cam-front');
  await camera.reset.sendVerificationCode();
  const mail = await sim.mail.waitFor({ to: 'owner@example.test' });
  const code = /\b(\d{6})\b/.exec(mail.text)![1]!;
  const checked = await camera.reset.checkVerificationCode('000000' === code ? '111111' : '000000');
  t.not(checked.error_code, 0, 'a wrong code first');
  const good = await camera.reset.checkVerificationCode(code);
  await camera.reset.setNewPassword(good.forget_password!.reset_token, 'Front#New22');
  await camera.login('Front#New22');
  await camera.basicInfo();

  const log = sim.requests.list({ deviceId: 'cam-front' });
  t.same(log.map((r) => [r.module, r.action ?? null, r.errorCode < 0 ? 'refused' : r.errorCode]), [
    ['forget_password', 'send_verification_code', 0],
    ['forget_password', 'verification_code_check', 'refused'],
    ['forget_password', 'verification_code_check', 0],
    ['user_management', 'get_encrypt_info', 'refused'], // -40401 "not yet authenticated", as the vendor answers a challenge
    ['forget_password', 'password_reset', 0],
    ['user_management', 'get_encrypt_info', 'refused'],
    ['login', null, 0],
    ['device_info', null, 0],
  ], 'every request in order, with what it got');
  t.match(log[7], { scheme: 'https', session: true, method: 'get' }, 'the last one came with a session');
  t.equal(sim.requests.list({ action: 'verification_code_check' }).length, 2, 'filter by action: the client checked twice');
  const text = JSON.stringify(log);
  for (const secret of [code, 'Front#New22', good.forget_password!.reset_token, camera.stok!]) t.notOk(text.includes(secret), 'no code, password, token or stok in the log');

  const over = await fetch(`${sim.controlUrl}/__sim/requests?device=cam-front&module=forget_password&limit=2`);
  t.same((await over.json() as { action: string }[]).map((r) => r.action), ['verification_code_check', 'password_reset'], 'the control plane serves the same, filtered');
  t.equal((await fetch(`${sim.controlUrl}/__sim/requests?limit=0`)).status, 400, 'a bad limit is refused');
  t.equal((await fetch(`${sim.controlUrl}/__sim/requests`, { method: 'DELETE' })).status, 204);
  t.same(sim.requests.list(), [], 'DELETE empties it');
});

t.test('garbage is logged too, with the code it got', async (t) => {
  const sim = await startSimulator({ scenario, seed: 5 });
  t.teardown(() => sim.close());
  const { ip, ports } = sim.device('cam-garage');
  await fetch(`http://${ip}:${ports.http}/`, { method: 'POST', body: '{"method":"do",' });
  await sim.client('cam-garage', { scheme: 'http' }).call({ method: 'get', network: { name: ['lan'] } }, null);
  t.match(sim.requests.list({ deviceId: 'cam-garage' }), [
    { scheme: 'http', session: false, errorCode: -40210 },
    { scheme: 'http', method: 'get', module: 'network', errorCode: -40106 },
  ]);
  t.notOk('module' in sim.requests.list({ deviceId: 'cam-garage' })[0]!, 'a body that is not JSON names nothing');
  await sim.client('cam-garage').login(PASSWORD);
});
