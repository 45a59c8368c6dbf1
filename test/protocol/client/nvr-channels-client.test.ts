import t, { type Test } from 'tap';
import { addedDevRows, NvrChannelsClient } from '../../../protocol/client/nvr-channels-client.js';
import { mailedCode, PASSWORD, quickstart } from './quickstart-simulator.js';

/**
 * `client.channels`: an NVR's module `chm`, typed, on the quickstart over real sockets. The NVR
 * starts with channels 1 (cam-front) and 2 (cam-garage) certified, 3 (cam-lobby) added but not
 * certified, and cam-backyard found on its LAN but not added.
 */
const sim = await quickstart(t);
t.beforeEach(() => sim.reset());

const ipOf = (id: string) => sim.device(id).ip;
const httpsPortOf = (id: string) => sim.device(id).ports.https;

/** A client of the NVR, logged in (a reset of the simulator ends every session). */
async function loggedInNvr() {
  const nvr = sim.client('nvr-main');
  const login = await nvr.login(PASSWORD);
  if (login.error_code !== 0) throw new Error(`the NVR refused its password: ${JSON.stringify(login)}`);
  return nvr;
}

async function rowOf(cameraId: string) {
  const nvr = await loggedInNvr();
  return addedDevRows(await nvr.channels.addedDevices()).find((row) => row.ip === ipOf(cameraId));
}

async function passwordIsNow(t: Test, deviceId: string, password: string, old: string) {
  t.match(await sim.client(deviceId).login(password), { error_code: 0 }, `${deviceId} logs in with the new password`);
  t.match(await sim.client(deviceId).login(old), { error_code: -40401 }, 'not with the old one');
}

t.test('addedDevices: one row per channel, in its certification state', async (t) => {
  const nvr = await loggedInNvr();
  t.ok(nvr.channels instanceof NvrChannelsClient);
  const reply = await nvr.channels.addedDevices();
  t.match(reply, { error_code: 0, chm: { added_dev: [{ chn_1: { id: '1' } }, { chn_2: { id: '2' } }, { chn_3: { id: '3' } }] } }, 'rows wrapped as {"chn_<id>": row}');
  const rows = addedDevRows(reply);
  t.same(rows.map((row) => row.id), ['1', '2', '3']);
  t.match(rows[0], { name: 'Front Door', ip: ipOf('cam-front'), port: String(httpsPortOf('cam-front')), uuid: sim.device('cam-front').uuid, model: 'C540V', vender: 'TP-LINK', online: '1', conn_status: '0', auth_result: '0' });
  t.match(rows[2], { name: 'Lobby', online: '0', conn_status: '2', auth_result: '1' }, 'cam-lobby refuses the stored password: not certified');
});

t.test('every chm call needs the NVR\'s session; a camera has no chm', async (t) => {
  const unauthenticated = await sim.client('nvr-main').channels.addedDevices();
  t.match(unauthenticated, { error_code: -40401, msg: /chm needs a session/ });
  t.same(addedDevRows(unauthenticated), [], 'a refusal has no rows');
  const camera = sim.client('cam-front');
  await camera.login(PASSWORD);
  t.match(await camera.channels.discover(), { error_code: -40106 });
});

t.test('discover: the devices on the NVR\'s LAN that are not channels', async (t) => {
  const nvr = await loggedInNvr();
  t.same(await nvr.channels.discover(), {
    chm: { found_dev: [{ uuid: sim.device('cam-backyard').uuid, ip: ipOf('cam-backyard'), port: String(httpsPortOf('cam-backyard')), mac: '40-AE-30-00-00-04', model: 'C250', name: 'Backyard', activated: '1' }] },
    error_code: 0,
  });
});

t.test('addDevices: the camera\'s password decides whether the new channel is certified', async (t) => {
  const nvr = await loggedInNvr();
  const backyard = { ip: ipOf('cam-backyard'), port: httpsPortOf('cam-backyard') };
  t.same(await nvr.channels.addDevices([{ ...backyard, password: PASSWORD }]), { chm: { device_list: [{ ip: backyard.ip, id: '4', error_code: 0, status: 'connected' }] }, error_code: 0 });
  t.match(await rowOf('cam-backyard'), { id: '4', online: '1', auth_result: '0' });
  t.match((await nvr.channels.discover()).chm, { found_dev: [] }, 'no longer a found device');

  t.match(await nvr.channels.addDevices([{ ...backyard, password: PASSWORD }]), { error_code: -71560, chm: { device_list: [{ ip: backyard.ip, error_code: -71560 }] } }, 'an address that is already a channel');
  t.match(await nvr.channels.removeDevice('4'), { error_code: 0 });
  t.match(await nvr.channels.addDevices([{ ...backyard, password: 'Wrong#Pass1' }]), { error_code: 0, chm: { device_list: [{ id: '4', error_code: 0, status: 'not-certified' }] } }, 'a wrong password adds it, not certified');
  t.match(await rowOf('cam-backyard'), { auth_result: '1' });
});

t.test('removeDevice: a channel goes; an unknown id removes nothing (-71502)', async (t) => {
  const nvr = await loggedInNvr();
  t.same(await nvr.channels.removeDevice('3'), { chm: {}, error_code: 0 });
  t.equal(await rowOf('cam-lobby'), undefined);
  t.match(await nvr.channels.removeDevices(['1', '9']), { error_code: -71502, msg: /No channel 9/ });
  t.same(addedDevRows(await nvr.channels.addedDevices()).map((row) => row.id), ['1', '2'], 'all or nothing');
});

t.test('changeCameraPassword: the NVR, with its own password, changes a certified camera\'s', async (t) => {
  const nvr = await loggedInNvr();
  t.match(await nvr.channels.changeCameraPassword('1', 'Not#Mine1', 'Front#Nvr2'), { error_code: -50925, msg: 'The NVR password is wrong.' });
  t.match(await sim.client('cam-front').login(PASSWORD), { error_code: 0 }, 'a refused change leaves the camera as it was');
  t.same(await nvr.channels.changeCameraPassword('1', PASSWORD, 'Front#Nvr2'), { chm: {}, error_code: 0 });
  await passwordIsNow(t, 'cam-front', 'Front#Nvr2', PASSWORD);
  t.match(await rowOf('cam-front'), { online: '1', auth_result: '0' }, 'the NVR stored the new password: still certified');
});

t.test('changeCameraPassword refuses a channel that is not certified (-71554) or unknown (-71502)', async (t) => {
  const nvr = await loggedInNvr();
  t.match(await nvr.channels.changeCameraPassword('3', PASSWORD, 'Lobby#Nvr2'), { error_code: -71554, msg: /remove the camera first/ });
  t.match(await nvr.channels.changeCameraPassword('9', PASSWORD, 'Any#Pass2'), { error_code: -71502 });
  t.match(await sim.client('cam-lobby').login(PASSWORD), { error_code: 0 });
});

t.test('relayedReset by email: the NVR relays Send Code and the check to the found camera', async (t) => {
  const nvr = await loggedInNvr();
  const backyard = nvr.channels.relayedReset({ uuid: sim.device('cam-backyard').uuid });
  t.same(await backyard.getMethods(), { chm: { methods: ['email', 'sec_question', 'tech_support'], reset_pwd_email: 'o***r@example.test', internet: '1' }, error_code: 0 });
  t.same(await backyard.sendVerificationCode(), { chm: { reset_pwd_email: 'o***r@example.test', expire_in: 600 }, error_code: 0 });
  const code = await mailedCode(sim);
  t.match(await backyard.checkVerificationCode('12ab'), { error_code: -51221 }, 'the camera\'s refusals pass through');
  const checked = await backyard.checkVerificationCode(code);
  t.match(checked, { error_code: 0, chm: { reset_token: /^[0-9a-f]+$/, expire_in: 600 } });
  t.same(await backyard.setNewPassword(checked.chm!.reset_token, 'Yard#Mail2'), { chm: {}, error_code: 0 });
  await passwordIsNow(t, 'cam-backyard', 'Yard#Mail2', PASSWORD);
});

t.test('relayedReset by security questions, naming the camera by ip', async (t) => {
  const nvr = await loggedInNvr();
  const backyard = nvr.channels.relayedReset({ ip: ipOf('cam-backyard') });
  t.match(await backyard.getSecurityQuestions(), { error_code: 0, chm: { sec_question_1: 'What was the make of your first car?', sec_question_3: 'What was the name of your primary school?' } });
  t.match(await backyard.checkSecurityAnswers(['clio', 'smith', 'jaures']), { error_code: -51292, data: { attempts_left: 4 } });
  const checked = await backyard.checkSecurityAnswers(['Clio', 'martin', 'JAURES']);
  t.match(checked, { error_code: 0 });
  t.match(await backyard.setNewPassword(checked.chm!.reset_token, 'Yard#Answers2'), { error_code: 0 });
  await passwordIsNow(t, 'cam-backyard', 'Yard#Answers2', PASSWORD);
});

t.test('relayedReset by technical support', async (t) => {
  const nvr = await loggedInNvr();
  const backyard = nvr.channels.relayedReset({ uuid: sim.device('cam-backyard').uuid });
  const qr = await backyard.getSupportQrCode();
  t.match(qr, { error_code: 0, chm: { qrcode: /^vigi-reset:1:/, expire_in: 300 } });
  const checked = await backyard.checkSupportCode((await sim.cloud.supportCode(qr.chm!.qrcode)).code);
  t.match(checked, { error_code: 0 });
  t.match(await backyard.setNewPassword(checked.chm!.reset_token, 'Yard#Support2'), { error_code: 0 });
  await passwordIsNow(t, 'cam-backyard', 'Yard#Support2', PASSWORD);
});

t.test('relayedReset of a camera that is not a found device (-71562)', async (t) => {
  const nvr = await loggedInNvr();
  const nobody = nvr.channels.relayedReset({ uuid: '00000000-0000-0000-0000-000000000000' });
  t.match(await nobody.getMethods(), { error_code: -71562, msg: /No found camera with uuid 0{8}-/ });
  t.match(await nvr.channels.relayedReset({ ip: ipOf('cam-front') }).getSecurityQuestions(), { error_code: -71562 }, 'a channel is not a found device');
});
