import { ManualClock } from '../../devices/kernel/clock.js';
import { SeededRng } from '../../devices/kernel/rng.js';
import { MemoryMailer } from '../../devices/kernel/mailer.js';
import { MemoryEventSink } from '../../devices/kernel/device-events.js';
import { Camera } from '../../devices/camera/camera.js';
import { newCamera } from '../../devices/camera/camera-state.js';
import { Nvr } from '../../devices/nvr/nvr.js';
import { newNvr } from '../../devices/nvr/nvr-state.js';
import { md5Form } from '../../devices/credentials/md5-form.js';
import type { FoundDevice } from '../../devices/nvr/nvr-ports.js';
import { activatedFlash, identity, PASSWORD } from './camera-fixture.js';
import { MemoryCameraLink } from './memory-camera-link.js';

/** An NVR and three cameras on a manual clock, linked in memory (no sockets). */
export function nvrFixture() {
  const clock = new ManualClock();
  const mailer = new MemoryMailer();
  const events = new MemoryEventSink();
  const rng = new SeededRng(3);
  const ports = { clock, rng, mailer, events };
  const cameras = [1, 2, 3].map((n) => new Camera(newCamera({ ...identity, id: `cam-${n}`, name: `Camera ${n}`, uuid: `uuid-${n}`, mac: `40-AE-30-00-00-0${n}`, ip: `127.77.0.${n}` }, activatedFlash()), ports));
  const link = new MemoryCameraLink(cameras);
  const found: FoundDevice[] = cameras.map((c) => ({ ...c.state.identity, port: 8443, kind: 'camera', activated: true }));
  const nvr = new Nvr(newNvr({ ...identity, id: 'nvr-1', model: 'NVR1008H', name: 'Main NVR', uuid: 'uuid-nvr', mac: '40-AE-30-00-00-10', ip: '127.77.0.10' }, { status: 'activated', adminMd5: md5Form(PASSWORD) }), {
    ...ports, cameras: link, discovery: { find: async () => found },
  });
  const nvrNonce = async () => {
    const challenge = await nvr.dispatch({ type: 'issue-challenge' });
    if ('refused' in challenge) throw new Error('challenge refused');
    return challenge.nonce;
  };
  const add = (n: number, password = PASSWORD) => nvr.addCameras([{ ip: `127.77.0.${n}`, port: 8443, username: 'admin', md5: md5Form(password) }]);
  return { clock, mailer, events, cameras, link, nvr, nvrNonce, add };
}
