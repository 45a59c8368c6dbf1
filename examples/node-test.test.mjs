// vigi-sim from node:test: one simulator for the file, back to the scenario's start between tests.
// Run it with `node --test examples/node-test.test.mjs`.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from 'vigi-sim';

let sim;
before(async () => {
  sim = await startSimulator();
});
beforeEach(() => sim.reset());
after(() => sim.close());

test('the support desk reads out the code of a support QR', async () => {
  const camera = sim.client('cam-front');
  const qr = await camera.forget('get_support_qrcode');
  assert.equal(qr.error_code, 0);

  const response = await fetch(`${sim.controlUrl}/__sim/cloud/support/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ qrcode: qr.forget_password.qrcode }),
  });
  const { code } = await response.json();
  const checked = await camera.forget('support_code_check', { verify_code: code });
  assert.equal(checked.error_code, 0);
});

test('the support QR expires after five minutes of virtual time', async () => {
  const camera = sim.client('cam-front');
  const qr = await camera.forget('get_support_qrcode');
  await sim.clock.advance(301_000);

  const response = await fetch(`${sim.controlUrl}/__sim/cloud/support/code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ qrcode: qr.forget_password.qrcode }),
  });
  assert.notEqual(response.status, 200);
});
