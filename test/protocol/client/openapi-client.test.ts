import t from 'tap';
import { CameraOpenApiClient, NvrOpenApiClient } from '../../../protocol/client/openapi-client.js';
import { PASSWORD, quickstart } from './quickstart-simulator.js';

/**
 * The reference VIGI OpenAPI clients on the quickstart (OpenAPI on for every device): doAuth
 * and calls on a camera, Digest → Bearer → added_devices on the NVR, refusals as values.
 */
const sim = await quickstart(t);

t.test('camera: doAuth, a call with the stok, refusals', async (t) => {
  const camera = sim.cameraOpenApi('cam-front');
  t.match(await camera.call('getStreamPort'), { errCode: -10002 }, 'no stok yet: -10002');
  t.match(await camera.login('Wrong#Pass1'), { errCode: -10002 }, 'a wrong password: -10002');
  t.equal(camera.stok, undefined);
  t.match(await camera.login(PASSWORD), { errCode: 0, stok: /^[0-9a-f]{32}$/ });
  t.match(await camera.call('getStreamPort'), { method: 'getStreamPort', errCode: 0, result: { streamPort: '554' } });
  t.match(await camera.call('setOsd', { text: 'x' }), { errCode: -10030 }, 'a method the emulator does not offer: -10030');
  await sim.clock.advance(31 * 60_000);
  t.match(await camera.call('getStreamPort'), { errCode: -10002 }, 'the stok lives 30 minutes');
});

t.test('NVR: Digest SHA-256 token, channels with their online state, refresh', async (t) => {
  const nvr = sim.nvrOpenApi('nvr-main');
  t.match(await nvr.token('Wrong#Pass1'), { status: 401, body: { error_code: -10002 } });
  t.match(await nvr.token(PASSWORD), { status: 200, body: { token_type: 'bearer', expires_in: 1800 } });
  const listed = await nvr.addedDevices();
  t.equal(listed.status, 200);
  const ips = new Map(listed.body.devices?.map((d) => [d.ip, d.online]));
  t.equal(ips.get(sim.device('cam-front').ip), '1', 'cam-front online');
  const before = nvr.accessToken;
  t.match(await nvr.refresh(), { status: 200 });
  t.not(nvr.accessToken, before, 'a new access token');
  t.match(await nvr.refresh(), { status: 200 }, 'the new refresh token works once');
});

t.test('the simulator hands out the right client, and says when OpenAPI is off', async (t) => {
  t.type(sim.cameraOpenApi('cam-front'), CameraOpenApiClient);
  t.type(sim.nvrOpenApi('nvr-main'), NvrOpenApiClient);
  t.throws(() => sim.cameraOpenApi('nvr-main'), /nvr-main is an NVR; use nvrOpenApi/);
  const camera = sim.client('cam-garage');
  await camera.login(PASSWORD);
  await camera.setOpenApi(false);
  t.throws(() => sim.cameraOpenApi('cam-garage'), /OpenAPI is off on cam-garage; switch it on/);
  await camera.setOpenApi(true);
  t.match(await sim.cameraOpenApi('cam-garage').login(PASSWORD), { errCode: 0 });
});
