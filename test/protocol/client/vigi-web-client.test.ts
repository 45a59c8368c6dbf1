import t from 'tap';
import { httpTransport } from '../../../protocol/client/http-transport.js';
import { VigiWebClient } from '../../../protocol/client/vigi-web-client.js';
import { PASSWORD, quickstart } from './quickstart-simulator.js';

/**
 * The core of the reference client on the quickstart over real sockets: the challenge, login
 * and the session, the account (change password, basic info, logout), activation. Refusals are
 * replies with their vendor code; only a device that does not answer makes a call throw.
 */
const sim = await quickstart(t);
t.beforeEach(() => sim.reset());

t.test('a client is built from a transport to one device address (or by sim.client)', async (t) => {
  const { ip, ports } = sim.device('cam-front');
  const camera = new VigiWebClient(httpTransport(`https://${ip}:${ports.https}`));
  t.match(await camera.login(PASSWORD), { error_code: 0 });
  const plain = new VigiWebClient(httpTransport(`http://${ip}:${ports.http}`));
  t.match(await plain.login(PASSWORD), { error_code: 0 }, 'plain HTTP serves the same API');
});

t.test('challenge: the device key and a one-use nonce; max_time 5 on a camera, 10 on an NVR', async (t) => {
  const challenge = await sim.client('cam-front').challenge();
  t.match(challenge, { code: 0, key: /^MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ/, nonce: /^[A-Za-z0-9]{8}$/, time: 0, max_time: 5 });
  t.not((await sim.client('cam-front').challenge()).nonce, challenge.nonce, 'a fresh nonce each time');
  t.match(await sim.client('nvr-main').challenge(), { code: 0, max_time: 10 });
});

t.test('login keeps the stok; a wrong password is a refusal that counts', async (t) => {
  const camera = sim.client('cam-front');
  t.match(await camera.login('Wrong#Pass1'), { error_code: -40401, data: { code: -40401, time: 1, max_time: 5 } });
  t.equal(camera.stok, undefined, 'no session from a refused login');
  const reply = await camera.login(PASSWORD);
  t.match(reply, { error_code: 0, stok: /^[0-9a-f]{32}$/, user_group: 'root' });
  t.equal(camera.stok, reply.stok, 'the client keeps the stok for the calls that follow');
});

t.test('basicInfo needs the session; it names the device', async (t) => {
  const camera = sim.client('cam-front');
  t.match(await camera.basicInfo(), { error_code: -40401, msg: /device_info needs a session/ });
  await camera.login(PASSWORD);
  t.match(await camera.basicInfo(), {
    error_code: 0,
    device_info: { basic_info: { device_type: 'SMART.IPCAMERA', device_model: 'C540V', device_alias: 'Front Door', mac: '40-AE-30-00-00-01', dev_id: sim.device('cam-front').uuid, ip: sim.device('cam-front').ip } },
  });
  const nvr = sim.client('nvr-main');
  await nvr.login(PASSWORD);
  t.match(await nvr.basicInfo(), { error_code: 0, device_info: { basic_info: { device_type: 'SMART.NVR', device_alias: 'Main NVR' } } });
});

t.test('changePassword: the old password and the new one under one challenge', async (t) => {
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);
  t.match(await camera.changePassword('Not#Mine1', 'New#Pass2'), { error_code: -50925, msg: 'The old password is wrong.' });
  t.match(await sim.client('cam-front').login(PASSWORD), { error_code: 0 }, 'a refused change changes nothing');
  t.same(await camera.changePassword(PASSWORD, 'New#Pass2'), { user_management: {}, error_code: 0 });
  t.match(await sim.client('cam-front').login('New#Pass2'), { error_code: 0 }, 'the new password logs in');
  t.match(await sim.client('cam-front').login(PASSWORD), { error_code: -40401 }, 'the old one does not');

  const nvr = sim.client('nvr-main');
  await nvr.login(PASSWORD);
  t.match(await nvr.changePassword(PASSWORD, 'Nvr#Pass2'), { error_code: 0 }, 'an NVR changes its own the same way');
  t.match(await sim.client('nvr-main').login('Nvr#Pass2'), { error_code: 0 });
});

t.test('changePassword without a session is refused (-40401)', async (t) => {
  t.match(await sim.client('cam-front').changePassword(PASSWORD, 'New#Pass2'), { error_code: -40401 });
});

t.test('logout ends the session and the client forgets the stok', async (t) => {
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);
  const stok = camera.stok;
  t.same(await camera.logout(), { system: {}, error_code: 0 });
  t.equal(camera.stok, undefined);
  camera.stok = stok;
  t.match(await camera.basicInfo(), { error_code: -40401, msg: /stok is unknown or expired/ }, 'the old stok is dead');
  t.match(await camera.logout(), { error_code: -40401 }, 'so is a second logout');
});

t.test('envelopes: several passwords under one challenge, for one request', async (t) => {
  const camera = sim.client('cam-front');
  const [first, second] = await camera.envelopes('a', 'b');
  t.match(first, /^[A-Za-z0-9+/]{171}=$/);
  t.not(first, second);
  t.same(await camera.envelopes(), [], 'none asks for no challenge');
});

t.test('activate gives a factory-fresh device its password, email and questions', async (t) => {
  await fetch(`${sim.controlUrl}/__sim/devices/cam-backyard/factory-reset`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
  const camera = sim.client('cam-backyard');
  t.match(await camera.login(PASSWORD), { error_code: -40405 }, 'a fresh device has no password');
  t.match(await camera.activate({ password: 'Fresh#Pass1', resetEmail: 'new@example.test' }), { error_code: 0 });
  t.match(await camera.activate({ password: 'Again#Pass1' }), { error_code: -50932 }, 'once');
  t.match(await camera.login('Fresh#Pass1'), { error_code: 0 });
  t.match(await camera.reset.getMethods(), { forget_password: { methods: ['email', 'tech_support'], reset_pwd_email: 'n***w@example.test' } });
});

t.test('a device that does not answer makes a call throw; a refusal never does', async (t) => {
  const off = await sim.fault('cam-front', 'power-off');
  await t.rejects(sim.client('cam-front', { timeoutMs: 2_000 }).login(PASSWORD), 'the powered-off camera resets the connection');
  await t.rejects(sim.client('cam-front', { timeoutMs: 2_000 }).reset.getMethods());
  await off.clear();
  t.resolveMatch(sim.client('cam-front').login('Wrong#Pass1'), { error_code: -40401 });
});

t.test('the OpenAPI switch: read it, switch it off and on again', async (t) => {
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);
  t.match(await camera.openApiConfig(), { error_code: 0, openapi: { config: { enabled: 'on', port: String(sim.device('cam-front').ports.openapi) } } });
  t.match(await camera.setOpenApi(false), { error_code: 0 });
  t.match(await camera.openApiConfig(), { openapi: { config: { enabled: 'off' } } });
  t.notOk('openapi' in sim.device('cam-front').ports, 'the simulator no longer lists the port for it');
  t.match(await camera.setOpenApi(true), { error_code: 0 });
  t.match(await sim.client('cam-front').openApiConfig(), { error_code: -40401 }, 'without a session: -40401');
});
