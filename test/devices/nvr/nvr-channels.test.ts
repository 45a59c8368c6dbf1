import t from 'tap';
import { nvrFixture } from '../../helpers/nvr-fixture.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';
import { PASSWORD } from '../../helpers/camera-fixture.js';

const row = (f: ReturnType<typeof nvrFixture>, id: string) => f.nvr.rows().find((r) => r.id === id);

t.test('adding a camera with its password makes a connected, certified channel', async (t) => {
  const f = nvrFixture();
  t.match(await f.add(1), [{ ip: '127.77.0.1', id: '1', outcome: 'connected' }]);
  t.match(row(f, '1'), { online: '1', conn_status: '0', auth_result: '0', uuid: 'uuid-1', model: 'VIGI C340', name: 'Camera 1' });
});

t.test('adding with a wrong password adds the channel as not certified; a dead address is not added', async (t) => {
  const f = nvrFixture();
  t.match(await f.add(2, 'wrong'), [{ id: '1', outcome: 'not-certified' }]);
  t.match(row(f, '1'), { online: '0', auth_result: '1', uuid: 'uuid-2' }, 'identity from discovery');
  t.match(await f.nvr.addCameras([{ ip: '127.77.0.99', port: 8443, username: 'admin', md5: md5Form(PASSWORD) }]), [{ outcome: { code: -71518 } }]);
  t.match(await f.add(2), [{ outcome: { code: -71560 } }], 'one channel per address');
});

t.test('a camera that powers off goes offline and comes back connected', async (t) => {
  const f = nvrFixture();
  await f.add(1);
  await f.cameras[0]!.dispatch({ type: 'power-off' });
  await f.nvr.probe.all();
  t.match(row(f, '1'), { online: '0', conn_status: '1', auth_result: '0' });
  await f.cameras[0]!.dispatch({ type: 'power-on' });
  await f.nvr.probe.all();
  t.match(row(f, '1'), { online: '1', conn_status: '0' });
  t.same(f.events.ofType('channel-state-changed').map((e) => e.to), ['offline', 'connected']);
});

t.test('a password changed behind the NVR\'s back makes the channel not certified; re-adding certifies it', async (t) => {
  const f = nvrFixture();
  await f.add(1);
  const camera = f.cameras[0]!;
  await camera.dispatch({ type: 'factory-reset' });
  const challenge = await camera.dispatch({ type: 'issue-challenge' });
  await camera.dispatch({ type: 'activate', nonce: (challenge as { nonce: string }).nonce, md5: md5Form('Fresh#Pass1') });
  await f.nvr.probe.all();
  t.match(row(f, '1'), { auth_result: '1', online: '0' });
  for (let i = 0; i < 20; i++) await f.nvr.probe.all();
  t.equal(camera.state.memory.login.failures, 1, 'the NVR does not hammer the camera with a wrong password');
  t.same(await f.nvr.dispatch({ type: 'remove-channels', ids: ['1'] }), {});
  t.match(await f.add(1, 'Fresh#Pass1'), [{ outcome: 'connected' }]);
  t.match(row(f, '1'), { auth_result: '0', online: '1' });
});

t.test('removing unknown channels removes nothing', async (t) => {
  const f = nvrFixture();
  await f.add(1);
  t.match(await f.nvr.dispatch({ type: 'remove-channels', ids: ['1', '7'] }), { code: -71502 });
  t.equal(f.nvr.rows().length, 1);
});

t.test('password management: the NVR password changes a certified camera\'s password', async (t) => {
  const f = nvrFixture();
  await f.add(1);
  t.same(await f.nvr.changeChannelPassword({ id: '1', nonce: await f.nvrNonce(), nvrMd5: md5Form(PASSWORD), newMd5: md5Form('Via#Nvr1') }), {});
  t.equal(f.nvr.state.channels[0]!.md5, md5Form('Via#Nvr1'));
  t.equal(f.cameras[0]!.state.flash.status === 'activated' && f.cameras[0]!.state.flash.adminMd5, md5Form('Via#Nvr1'), 'the camera has the new password');
  await f.nvr.probe.all();
  t.match(row(f, '1'), { online: '1', auth_result: '0' }, 'still certified');
});

t.test('password management refuses and changes nothing: wrong NVR password, not certified, offline, unknown', async (t) => {
  const f = nvrFixture();
  await f.add(1);
  await f.add(2, 'wrong');
  await f.add(3);
  const before = f.nvr.state.channels.map((c) => c.md5);
  t.match(await f.nvr.changeChannelPassword({ id: '1', nonce: await f.nvrNonce(), nvrMd5: md5Form('not-nvr'), newMd5: md5Form('X#1') }), { code: -50925 });
  t.match(await f.nvr.changeChannelPassword({ id: '2', nonce: await f.nvrNonce(), nvrMd5: md5Form(PASSWORD), newMd5: md5Form('X#1') }), { code: -71554 });
  await f.cameras[2]!.dispatch({ type: 'power-off' });
  t.match(await f.nvr.changeChannelPassword({ id: '3', nonce: await f.nvrNonce(), nvrMd5: md5Form(PASSWORD), newMd5: md5Form('X#1') }), { code: -71558 });
  t.match(await f.nvr.changeChannelPassword({ id: '9', nonce: await f.nvrNonce(), nvrMd5: md5Form(PASSWORD), newMd5: md5Form('X#1') }), { code: -71502 });
  t.match(await f.nvr.changeChannelPassword({ id: '1', nonce: 'stale123', nvrMd5: md5Form(PASSWORD), newMd5: md5Form('X#1') }), { code: -40410 });
  t.same(f.nvr.state.channels.map((c) => c.md5), before, 'the NVR keeps every stored credential');
  t.equal(f.cameras[0]!.state.flash.status === 'activated' && f.cameras[0]!.state.flash.adminMd5, md5Form(PASSWORD), 'the camera keeps its password');
});

t.test('found devices are the LAN\'s cameras that are not added yet', async (t) => {
  const f = nvrFixture();
  await f.add(1);
  t.match((await f.nvr.foundDevices() as { ip: string }[]).map((d) => d.ip), ['127.77.0.2', '127.77.0.3']);
});

t.test('the NVR\'s own login locks after 10 failures', async (t) => {
  const f = nvrFixture();
  for (let i = 1; i <= 9; i++) t.match(await f.nvr.dispatch({ type: 'log-in', username: 'admin', nonce: await f.nvrNonce(), md5: md5Form('x') }), { code: -40401, data: { time: i, max_time: 10 } });
  t.match(await f.nvr.dispatch({ type: 'log-in', username: 'admin', nonce: await f.nvrNonce(), md5: md5Form('x') }), { code: -40404 });
});
