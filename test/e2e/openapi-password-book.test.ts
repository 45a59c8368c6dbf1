import t from 'tap';
import { startSimulator, type Simulator } from '../../protocol/simulator/index.js';
import { passwordEnvelope, VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';

/**
 * The VIGI OpenAPI digests need the plain password, which the web API never carries (it sends
 * MD5 forms). After a client sets a password the scenario does not name, OpenAPI logins are
 * refused with a message that says how to tell the emulator; once told (control plane or the
 * simulator API), the new password logs in and the old one no longer does.
 */
/** Camera doAuth (TP-Link FAQ 5198) with the reference OpenAPI client. */
const doAuth = (sim: Simulator, id: string, password: string) => sim.cameraOpenApi(id).login(password);

/** NVR token with HTTP Digest SHA-256; the HTTP status and body. */
const nvrToken = (sim: Simulator, id: string, password: string) => sim.nvrOpenApi(id).token(password);

/**
 * Changes a device's admin password over the web API, as a client of the user's own would (MD5
 * forms only; not sim.client(), which tells the simulator its passwords).
 */
async function changePassword(sim: Simulator, id: string, from: string, to: string): Promise<number> {
  const { ip, ports } = sim.device(id);
  const client = new VigiWebClient(httpTransport(`https://${ip}:${ports.https}`));
  const login = await client.login(from);
  if (login.error_code !== 0) return login.error_code;
  const { key, nonce } = await client.challenge();
  const reply = await client.call({ method: 'do', user_management: { change_user_info: { old_passwd: passwordEnvelope(key, from, nonce), new_passwd: passwordEnvelope(key, to, nonce), encrypt_type: '2' } } });
  return reply.error_code;
}

const OLD = 'Vigi#Admin1';
const NEW = 'Fresh#Pass9';

t.test('a camera: a password set over the web API logs into OpenAPI once the emulator is told it', async (t) => {
  const sim = await startSimulator({ seed: 7 });
  t.teardown(() => sim.close());
  t.equal((await doAuth(sim, 'cam-front', OLD)).errCode, 0, 'doAuth with the scenario password');
  t.equal(await changePassword(sim, 'cam-front', OLD, NEW), 0, 'password changed over the web API');

  const refused = await doAuth(sim, 'cam-front', NEW);
  t.equal(refused.errCode, -10002, 'the new password is refused while the emulator does not know it');
  t.match(refused.msg, /POST \/__sim\/openapi\/passwords/, 'and the refusal says how to tell it');

  const told = await fetch(`${sim.controlUrl}/__sim/openapi/passwords`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: NEW }) });
  t.equal(told.status, 204, 'POST /__sim/openapi/passwords answers 204');
  t.equal((await doAuth(sim, 'cam-front', NEW)).errCode, 0, 'doAuth with the new password now succeeds');
  t.equal((await doAuth(sim, 'cam-front', OLD)).errCode, -10002, 'and the old password no longer does');
  t.equal((await doAuth(sim, 'cam-garage', NEW)).errCode, -10002, 'a camera still on the old password does not take the new one');
});

t.test('an NVR, told through the simulator API', async (t) => {
  const sim = await startSimulator({ seed: 7 });
  t.teardown(() => sim.close());
  t.equal(await changePassword(sim, 'nvr-main', OLD, NEW), 0, 'NVR password changed over the web API');
  t.equal((await nvrToken(sim, 'nvr-main', NEW)).status, 401, 'its new password is refused (HTTP 401) while unknown');
  sim.rememberPassword(NEW);
  const granted = await nvrToken(sim, 'nvr-main', NEW);
  t.equal(granted.status, 200, 'after rememberPassword the Digest succeeds');
  t.match(granted.body, { token_type: 'bearer', access_token: String });
  t.equal((await nvrToken(sim, 'nvr-main', OLD)).status, 401, 'the old password is refused');
  t.throws(() => sim.rememberPassword(''), /non-empty string/, 'an empty password is refused');
});

t.test('a client from sim.client() tells the simulator the passwords it sends', async (t) => {
  const sim = await startSimulator({ seed: 7 });
  t.teardown(() => sim.close());
  const camera = sim.client('cam-front');
  t.equal((await camera.login(OLD)).error_code, 0);
  t.equal((await camera.changePassword(OLD, NEW)).error_code, 0, 'password changed with sim.client()');
  t.equal((await doAuth(sim, 'cam-front', NEW)).errCode, 0, 'doAuth with the new password works at once');
});

t.test('the route refuses what is not a password, and keeps what it knew', async (t) => {
  const sim = await startSimulator({ seed: 7 });
  t.teardown(() => sim.close());
  const post = (body: string) => fetch(`${sim.controlUrl}/__sim/openapi/passwords`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for (const body of ['{}', '{"password":""}', '{"password":42}', JSON.stringify({ password: 'x'.repeat(257) })]) {
    const response = await post(body);
    t.equal(response.status, 400, `${body.slice(0, 30)} → 400`);
    t.match(await response.json(), { error: { message: /Body must be \{"password"/ } });
  }
  t.equal((await post('{"password":')).status, 400, 'a body that is not JSON → 400');
  t.equal((await doAuth(sim, 'cam-front', OLD)).errCode, 0, 'the scenario password still logs in');
});
