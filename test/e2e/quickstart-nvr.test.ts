import t from 'tap';
import { startTestEmulator } from '../helpers/emulator-fixture.js';
import { passwordEnvelope, type VigiWebClient } from '../../protocol/client/vigi-web-client.js';

/**
 * The NVR issue's acceptance walk on real sockets: the NVR talks to the cameras over their
 * HTTPS web API, finds devices by real mDNS on loopback, and keeps channel state live.
 */
const PASSWORD = 'Vigi#Admin1';
const fx = await startTestEmulator();
t.teardown(() => fx.emulator.close());

type Row = { id: string; ip: string; online: string; conn_status: string; auth_result: string; uuid: string; name: string };
const nvr = fx.client('nvr-main');
await nvr.login(PASSWORD);

const rows = async (client: VigiWebClient = nvr): Promise<Row[]> => {
  const reply = await client.call({ method: 'get', chm: { table: 'added_dev' } });
  return ((reply.chm as { added_dev: Record<string, Row>[] }).added_dev).map((wrapped) => Object.values(wrapped)[0]!);
};
const rowOf = async (ip: string) => (await rows()).find((r) => r.ip === ip);
const ipOf = (id: string) => fx.device(id).ip;
const port = () => String(fx.device('cam-front').ports.https);
/** Both envelopes under one NVR challenge, as chm_mod_dev_passwd wants. */
const twoEnvelopes = async (client: VigiWebClient, first: string, second: string) => {
  const { key, nonce } = await client.challenge();
  return [passwordEnvelope(key, first, nonce), passwordEnvelope(key, second, nonce)] as const;
};

t.test('logging into the NVR shows the cameras in their quickstart states', async (t) => {
  const table = await rows();
  t.equal(table.length, 3);
  t.match(await rowOf(ipOf('cam-front')), { id: '1', online: '1', conn_status: '0', auth_result: '0', name: 'Front Door' });
  t.match(await rowOf(ipOf('cam-garage')), { id: '2', online: '1', auth_result: '0' });
  t.match(await rowOf(ipOf('cam-lobby')), { id: '3', online: '0', auth_result: '1' }, 'added but not certified');
  const found = await nvr.call({ method: 'do', chm: { chm_device_discovery: null } });
  t.match(found, { error_code: 0, chm: { found_dev: [{ ip: ipOf('cam-backyard'), model: 'C250', activated: '1' }] } }, 'the camera not added is a found device');
  t.equal((found.chm as { found_dev: unknown[] }).found_dev.length, 1);
});

t.test('powering a camera off flips its row to offline and back', async (t) => {
  await fx.control('POST', '/__sim/devices/cam-garage/faults', { type: 'power-off' });
  t.match(await rowOf(ipOf('cam-garage')), { online: '0', conn_status: '1', auth_result: '0' });
  await fx.control('DELETE', '/__sim/devices/cam-garage/faults/power-off');
  t.match(await rowOf(ipOf('cam-garage')), { online: '1', conn_status: '0', auth_result: '0' });
});

t.test('a password changed behind the NVR (factory reset, fresh activation) makes the channel not certified; re-adding certifies it', async (t) => {
  await fx.control('POST', '/__sim/devices/cam-front/factory-reset');
  t.match(await fx.client('cam-front').activate({ password: 'Front#Fresh1' }), { error_code: 0 });
  t.match(await rowOf(ipOf('cam-front')), { online: '0', auth_result: '1' });
  const [nvrPw, camPw] = await twoEnvelopes(nvr, PASSWORD, 'Any#Pass1');
  t.match(await nvr.call({ method: 'do', chm: { chm_mod_dev_passwd: { id: '1', old_passwd: nvrPw, new_passwd: camPw, encrypt_type: '2' } } }), { error_code: -71554 }, 'not certified: remove it first');
  t.match(await nvr.call({ method: 'do', chm: { chm_del_dev: { ids: ['1'] } } }), { error_code: 0 });
  const added = await nvr.call({ method: 'do', chm: { chm_add_dev_list: { device_list: [{ ip: ipOf('cam-front'), port: port(), username: 'admin', password: await nvr.envelope('Front#Fresh1') }] } } });
  t.match(added, { error_code: 0, chm: { device_list: [{ ip: ipOf('cam-front'), id: '1', error_code: 0, status: 'connected' }] } });
  t.match(await rowOf(ipOf('cam-front')), { online: '1', auth_result: '0' });
});

t.test('the NVR changes a certified camera\'s password with its own password; the camera then logs in with it', async (t) => {
  const [wrongNvr, camPw0] = await twoEnvelopes(nvr, 'not-the-nvr', 'Garage#Nvr2');
  t.match(await nvr.call({ method: 'do', chm: { chm_mod_dev_passwd: { id: '2', old_passwd: wrongNvr, new_passwd: camPw0, encrypt_type: '2' } } }), { error_code: -50925 });
  t.match(await fx.client('cam-garage').login(PASSWORD), { error_code: 0 }, 'a refused change leaves the camera as it was');
  const [nvrPw, camPw] = await twoEnvelopes(nvr, PASSWORD, 'Garage#Nvr2');
  t.match(await nvr.call({ method: 'do', chm: { chm_mod_dev_passwd: { id: '2', old_passwd: nvrPw, new_passwd: camPw, encrypt_type: '2' } } }), { error_code: 0 });
  t.match(await fx.client('cam-garage').login('Garage#Nvr2'), { error_code: 0 });
  t.match(await fx.client('cam-garage').login(PASSWORD), { error_code: -40401 });
  t.match(await rowOf(ipOf('cam-garage')), { online: '1', auth_result: '0' }, 'still certified');
});

t.test('the NVR relays a found camera\'s security questions and resets its password', async (t) => {
  const uuid = fx.device('cam-backyard').uuid;
  const questions = await nvr.call({ method: 'do', chm: { chm_get_adding_dev_sec_question: { uuid } } });
  t.match(questions, { error_code: 0, chm: { sec_question_1: /\?$/ } });
  t.match(await nvr.call({ method: 'do', chm: { chm_forget_password: { uuid, sec_answer_1: 'wrong', sec_answer_2: 'x', sec_answer_3: 'y' } } }), { error_code: -51292 });
  const answers = { sec_answer_1: 'Clio', sec_answer_2: 'martin', sec_answer_3: 'jaures' };
  const checked = await nvr.call({ method: 'do', chm: { chm_forget_password: { uuid, ...answers } } });
  t.match(checked, { error_code: 0, chm: { reset_token: /^[0-9a-f]{32}$/ } });
  const token = (checked.chm as { reset_token: string }).reset_token;
  t.match(await nvr.call({ method: 'do', chm: { chm_password_reset: { uuid, reset_token: token, password: await nvr.envelope('Yard#Relay1'), encrypt_type: '2' } } }), { error_code: 0 });
  t.match(await fx.client('cam-backyard').login('Yard#Relay1'), { error_code: 0 });
});

t.test('the NVR relays the mailed code for a found camera', async (t) => {
  const uuid = fx.device('cam-backyard').uuid;
  await fx.control('DELETE', '/__sim/mail');
  t.match(await nvr.call({ method: 'do', chm: { chm_send_verification_code: { uuid } } }), { error_code: 0 });
  const mails = (await fx.control('GET', '/__sim/mail')).body as { text: string }[];
  const code = /\b(\d{6})\b/.exec(mails[0]?.text ?? '')?.[1];
  t.match(await nvr.call({ method: 'do', chm: { chm_verification_code_check: { uuid, verify_code: code } } }), { error_code: 0, chm: { reset_token: /^[0-9a-f]{32}$/ } });
});

t.test('bad input: unknown channel, unknown found device, vanished camera, wrong NVR password', async (t) => {
  t.match(await nvr.call({ method: 'do', chm: { chm_del_dev: { ids: ['42'] } } }), { error_code: -71502 });
  t.match(await nvr.call({ method: 'do', chm: { chm_get_adding_dev_sec_question: { uuid: 'no-such-uuid' } } }), { error_code: -71562 });
  t.match(await nvr.call({ method: 'do', chm: { chm_add_dev_list: { device_list: [{ ip: '127.77.200.200', port: port(), username: 'admin', password: await nvr.envelope('x') }] } } }), { error_code: -71518 });
  t.match(await nvr.call({ method: 'do', chm: { chm_add_dev_list: { device_list: 'nope' } } }), { error_code: -40209 });
  t.match(await nvr.call({ method: 'get', chm: { table: 'nothing' } }), { error_code: -40209 });
  const nvrDevice = fx.emulator.fleet.byId('nvr-main');
  if (nvrDevice?.kind !== 'nvr') throw new Error('no NVR');
  const before = nvrDevice.state.channels;
  await fx.control('POST', '/__sim/devices/cam-garage/faults', { type: 'offline' });
  const [nvrPw, camPw] = await twoEnvelopes(nvr, PASSWORD, 'Never#Set1');
  t.match(await nvr.call({ method: 'do', chm: { chm_mod_dev_passwd: { id: '2', old_passwd: nvrPw, new_passwd: camPw, encrypt_type: '2' } } }), { error_code: -71558 });
  await fx.control('DELETE', '/__sim/devices/cam-garage/faults');
  t.same(nvrDevice.state.channels, before, 'stored credentials unchanged');
  t.match(await fx.client('cam-garage').login('Garage#Nvr2'), { error_code: 0 }, 'the camera kept its password');
});

t.test('the NVR\'s own login locks after 10 failures (max_time 10)', async (t) => {
  const other = fx.client('nvr-main');
  t.match(await other.challenge(), { max_time: 10 });
  t.match(await other.call({ method: 'get', device_info: { name: ['basic_info'] } }, nvr.stok ?? null), { error_code: 0, device_info: { basic_info: { device_type: 'SMART.NVR', device_model: 'NVR1008H' } } });
});
