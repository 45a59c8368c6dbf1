// vigi-sim from a tap test: one simulator per test, on free ports, closed by teardown.
// Run it with `npx tap examples/tap.test.mjs` (or plain `node examples/tap.test.mjs`).
import t from 'tap';
import { startSimulator } from 'vigi-sim';

t.test('a forgotten camera password, recovered by email', async (t) => {
  const sim = await startSimulator(); // the quickstart: one NVR, four cameras, admin / Vigi#Admin1
  t.teardown(() => sim.close());
  const camera = sim.client('cam-front');

  t.match(await camera.forget('send_verification_code'), { error_code: 0 });
  const mail = await sim.mail.waitFor({ to: 'owner@example.test' });
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  const checked = await camera.forget('verification_code_check', { verify_code: code });
  t.match(checked, { error_code: 0 });

  t.match(await camera.resetPassword(checked.forget_password.reset_token, 'New#Pass123'), { error_code: 0 });
  t.match(await camera.login('New#Pass123'), { error_code: 0 });
  t.not((await camera.login('Vigi#Admin1')).error_code, 0, 'the old password is refused');
});

t.test('a camera that powers off stops answering', async (t) => {
  const sim = await startSimulator();
  t.teardown(() => sim.close());

  const off = await sim.fault('cam-front', 'power-off');
  await t.rejects(sim.client('cam-front').challenge());
  await off.clear();
  t.match(await sim.client('cam-front').login('Vigi#Admin1'), { error_code: 0 });
});
