// vigi-sim from vitest: one simulator per file. Run it with `npx vitest run examples/vitest.test.mjs`.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startSimulator } from 'vigi-sim';

let sim;
beforeAll(async () => {
  sim = await startSimulator({ cameras: 3, nvrs: 1, seed: 42 }); // a generated topology: nvr-1, cam-1..cam-3
});
afterAll(() => sim.close());

test('every camera logs in with the generated password', async () => {
  for (const device of sim.devices.filter((d) => d.kind === 'camera')) {
    const reply = await sim.client(device.id).login('Vigi#Admin1');
    expect(reply.error_code).toBe(0);
  }
});

test('with SMTP down, "Send Code" fails and no mail is sent', async () => {
  const smtp = await sim.fault('smtp-down');
  const reply = await sim.client('cam-1').forget('send_verification_code');
  expect(reply.error_code).not.toBe(0);
  await smtp.clear();
  await expect(sim.mail.waitFor({ to: 'cam-1@example.test', timeoutMs: 300 })).rejects.toThrow(/no mail matching/);
});
