import { ManualClock } from '../../devices/kernel/clock.js';
import { SeededRng } from '../../devices/kernel/rng.js';
import { MemoryMailer } from '../../devices/kernel/mailer.js';
import { MemoryEventSink } from '../../devices/kernel/device-events.js';
import { Camera } from '../../devices/camera/camera.js';
import { newCamera, type CameraFlash } from '../../devices/camera/camera-state.js';
import { Fleet } from '../../devices/fleet.js';
import { TpLinkCloud } from '../../devices/cloud/tp-link-cloud.js';
import { RsaKeyPool } from '../../protocol/crypto/rsa-key-pool.js';
import { qrPngBase64 } from '../../protocol/qr/qr-png.js';
import { buildDeviceWebApp } from '../../protocol/vigi-web/device-web-app.js';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { activatedFlash, identity } from './camera-fixture.js';

/** The device web app with one camera at 127.77.0.1, driven through fastify's inject(). */
export async function webAppFixture(flash: CameraFlash = activatedFlash(), environment: { internet?: boolean } = {}) {
  const clock = new ManualClock();
  const mailer = new MemoryMailer();
  const events = new MemoryEventSink();
  const ports = { clock, rng: new SeededRng(11), mailer, events };
  const camera = new Camera(newCamera(identity, flash, environment), ports);
  const fleet = new Fleet();
  fleet.add(camera);
  const app = buildDeviceWebApp({ fleet, keys: new RsaKeyPool(), renderQrPng: qrPngBase64 });
  await app.ready();
  const raw = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await app.inject({ method: 'POST', url: path, payload: body, headers: { host: `${identity.ip}:8443`, 'content-type': 'application/json; charset=UTF-8', ...headers } });
    return { status: response.statusCode, body: response.body };
  };
  const client = new VigiWebClient(raw);
  const cloud = new TpLinkCloud({ clock, mailer, events });
  return { app, clock, mailer, events, camera, client, raw, cloud };
}
