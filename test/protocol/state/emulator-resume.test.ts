import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startEmulator, type RunningEmulator } from '../../../protocol/emulator.js';
import { VigiWebClient } from '../../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../../protocol/client/http-transport.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';
import type { FlashRecord } from '../../../devices/kernel/flash-store.js';
import { stateFileText } from '../../../protocol/state/file-flash-store.js';
import { privateDiscoveryPorts, quickstartScenario } from '../../helpers/emulator-fixture.js';

/**
 * `stateDir` on real sockets: what a device keeps in flash survives close and restart (on the
 * same device ports, or other ones), what it keeps in RAM does not.
 */
const PASSWORD = 'Vigi#Admin1';

const freePort = () => new Promise<number>((resolve, reject) => {
  const server = createServer().once('error', reject).listen(0, '0.0.0.0', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  });
});

const dir = mkdtempSync(join(tmpdir(), 'vigi-resume-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const devicePorts = { https: await freePort(), http: await freePort() };
const discovery = privateDiscoveryPorts();

async function start(ports: { https: number; http: number } = devicePorts): Promise<{ emulator: RunningEmulator; client: (id: string) => VigiWebClient; control: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: unknown }> }> {
  const emulator = await startEmulator({ scenario: quickstartScenario(), control: { host: '127.0.0.1', port: 0 }, devicePorts: ports, ...discovery, stateDir: dir });
  const client = (id: string) => {
    const device = emulator.devices.find((d) => d.id === id);
    if (!device) throw new Error(`no device ${id}`);
    return new VigiWebClient(httpTransport(`https://${device.ip}:${device.ports.https}`));
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.controlUrl}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { emulator, client, control };
}

type Row = { id: string; ip: string; online: string; auth_result: string };
async function rows(nvr: VigiWebClient): Promise<Row[]> {
  const reply = await nvr.call({ method: 'get', chm: { table: 'added_dev' } });
  return ((reply.chm as { added_dev: Record<string, Row>[] }).added_dev).map((wrapped) => Object.values(wrapped)[0]!);
}
const ipOf = (emulator: RunningEmulator, id: string) => emulator.devices.find((d) => d.id === id)?.ip ?? '';

const questions = [{ question: 'First pet?', answer: 'Rex' }, { question: 'Birth city?', answer: 'Lyon' }, { question: 'Film?', answer: 'Alien' }];
/** What the first run leaves in RAM, to check that none of it comes back. */
const ram = { frontStok: '', nvrStok: '', mailedCode: '' };

t.test('first run: activation, a password reset, NVR channels, a factory reset; each saved before it is acknowledged', async (t) => {
  const fx = await start();
  t.teardown(() => fx.emulator.close());

  // A camera activated.
  t.match(await fx.control('POST', '/__sim/devices/cam-backyard/factory-reset'), { status: 200 });
  t.match(await fx.client('cam-backyard').activate({ password: 'Yard#Fresh1', resetEmail: 'yard@example.test', questions }), { error_code: 0 });
  const saved = JSON.parse(readFileSync(join(dir, 'cam-backyard.json'), 'utf8'));
  t.match(saved, { format: 'vigi-sim-flash', version: 1, deviceId: 'cam-backyard', record: { kind: 'camera', flash: { status: 'activated', adminMd5: md5Form('Yard#Fresh1'), resetEmail: 'yard@example.test' } } }, 'on disk by the time the reply came');

  // A password reset (security questions).
  const lobby = fx.client('cam-lobby');
  const check = await lobby.forget('sec_answer_check', { sec_answer_1: 'bolt', sec_answer_2: 'dupont', sec_answer_3: 'rue verte' });
  t.match(check, { error_code: 0 });
  t.match(await lobby.resetPassword((check.forget_password as { reset_token: string }).reset_token, 'Lobby#New1'), { error_code: 0 });

  // NVR channels: cam-lobby (not certified) removed, cam-backyard added.
  const nvr = fx.client('nvr-main');
  t.match(await nvr.login(PASSWORD), { error_code: 0 });
  const lobbyRow = (await rows(nvr)).find((row) => row.ip === ipOf(fx.emulator, 'cam-lobby'));
  t.match(await nvr.call({ method: 'do', chm: { chm_del_dev: { ids: [lobbyRow?.id] } } }), { error_code: 0 });
  const added = await nvr.call({ method: 'do', chm: { chm_add_dev_list: { device_list: [{ ip: ipOf(fx.emulator, 'cam-backyard'), port: String(devicePorts.https), username: 'admin', password: await nvr.envelope('Yard#Fresh1') }] } } });
  t.match(added, { error_code: 0, chm: { device_list: [{ error_code: 0, status: 'connected' }] } });

  // A factory reset.
  t.match(await fx.control('POST', '/__sim/devices/cam-garage/factory-reset'), { status: 200, body: { activated: false } });

  // RAM: a session, a mailed code.
  const front = fx.client('cam-front');
  t.match(await front.login(PASSWORD), { error_code: 0 });
  ram.frontStok = front.stok ?? '';
  ram.nvrStok = nvr.stok ?? '';
  await fx.control('DELETE', '/__sim/mail');
  t.match(await front.forget('send_verification_code'), { error_code: 0 });
  const mails = (await fx.control('GET', '/__sim/mail')).body as { text: string }[];
  ram.mailedCode = /\b(\d{6})\b/.exec(mails[0]?.text ?? '')?.[1] ?? '';
  t.match(ram.mailedCode, /^\d{6}$/);
  t.same(readdirSync(dir).filter((name) => name.includes('.tmp-')), [], 'no temp file left');
});

t.test('after a restart with the same directory, flash is back and RAM is empty', async (t) => {
  const fx = await start();
  t.teardown(() => fx.emulator.close());

  const yard = fx.client('cam-backyard');
  t.match(await yard.login('Yard#Fresh1'), { error_code: 0 }, 'the activated camera keeps its password');
  t.match(await yard.forget('get_sec_questions'), { error_code: 0, forget_password: { sec_question_1: 'First pet?', sec_question_3: 'Film?' } }, 'and its questions');
  t.match(await yard.forget('get_methods'), { error_code: 0, forget_password: { reset_pwd_email: 'y***d@example.test' } }, 'and its reset email');

  const lobby = fx.client('cam-lobby');
  t.match(await lobby.login('Lobby#New1'), { error_code: 0 }, 'the reset password stays');
  t.match(await fx.client('cam-lobby').login(PASSWORD), { error_code: -40401 }, 'the old one stays refused');

  t.match(await fx.client('cam-garage').challenge(), { code: -40405 }, 'the factory-reset camera is still factory-fresh');
  t.match(fx.emulator.devices.find((d) => d.id === 'cam-garage'), { activated: false });

  const nvr = fx.client('nvr-main');
  t.match(await nvr.call({ method: 'get', chm: { table: 'added_dev' } }, ram.nvrStok), { error_code: -40401 }, 'the NVR\'s old stok is gone');
  t.match(await nvr.login(PASSWORD), { error_code: 0 });
  const table = await rows(nvr);
  const ips = table.map((row) => row.ip);
  t.notOk(ips.includes(ipOf(fx.emulator, 'cam-lobby')), 'the removed channel stays removed');
  t.match(table.find((row) => row.ip === ipOf(fx.emulator, 'cam-backyard')), { online: '1', auth_result: '0' }, 'the added channel is back, and certified on the same port');
  t.equal(table.length, 3);

  const front = fx.client('cam-front');
  t.match(await front.call({ method: 'get', device_info: { name: ['basic_info'] } }, ram.frontStok), { error_code: -40401 }, 'an old stok is -40401');
  const code = await front.forget('verification_code_check', { verify_code: ram.mailedCode });
  t.not(code.error_code, 0, 'a code mailed before the restart is not accepted');
});

t.test('restarted on other device ports, channels to the scenario\'s cameras follow the new port', async (t) => {
  const fx = await start({ https: 0, http: 0 });
  t.teardown(() => fx.emulator.close());
  const nvr = fx.client('nvr-main');
  t.match(await nvr.login(PASSWORD), { error_code: 0 });
  const table = await rows(nvr);
  t.equal(table.length, 3, 'the same three channels');
  t.match(table.find((row) => row.ip === ipOf(fx.emulator, 'cam-backyard')), { online: '1', auth_result: '0' }, 'the channel added in the first run is online on the new port');
  t.match(table.find((row) => row.ip === ipOf(fx.emulator, 'cam-front')), { online: '1', auth_result: '0' }, 'and so is a channel the scenario named');
});

t.test('a state file of another kind of device than the scenario\'s stops the start, and is kept', async (t) => {
  const front = join(dir, 'cam-backyard.json');
  const saved = readFileSync(front, 'utf8');
  const nvrRecord = (JSON.parse(readFileSync(join(dir, 'nvr-main.json'), 'utf8')) as { record: FlashRecord }).record;
  writeFileSync(front, stateFileText('cam-backyard', nvrRecord));
  await t.rejects(start(), { message: /the state directory does not fit this scenario:\n  cam-backyard: the state directory holds an NVR, the scenario says a camera/ });
  t.equal(JSON.parse(readFileSync(front, 'utf8')).record.kind, 'nvr', 'the file is left as it was');
  writeFileSync(front, saved);
});

t.test('POST /__sim/reset writes the scenario state back to flash, so a restart starts from the scenario', async (t) => {
  const first = await start();
  t.match(await first.control('POST', '/__sim/reset'), { status: 200 });
  await first.emulator.close();
  const fx = await start();
  t.teardown(() => fx.emulator.close());
  t.match(await fx.client('cam-garage').login(PASSWORD), { error_code: 0 });
  t.match(await fx.client('cam-lobby').login(PASSWORD), { error_code: 0 });
  t.match(await fx.client('cam-backyard').login(PASSWORD), { error_code: 0 });
});

t.test('a damaged state file stops the start with its path; the file is left as it was', async (t) => {
  const file = join(dir, 'cam-front.json');
  const text = readFileSync(file, 'utf8');
  const damaged = text.replace('"kind": "camera"', '"kind": "cameRa"');
  writeFileSync(file, damaged);
  await t.rejects(start(), { message: new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: checksum mismatch`) });
  t.equal(readFileSync(file, 'utf8'), damaged);
  // Everything the failed start opened is closed again: the same ports start cleanly.
  writeFileSync(file, text);
  const fx = await start();
  await fx.emulator.close();
});
