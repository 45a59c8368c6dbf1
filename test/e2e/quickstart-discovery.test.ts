import t from 'tap';
import { startTestEmulator, privateDiscoveryPorts } from '../helpers/emulator-fixture.js';
import { browseVigi } from '../../protocol/discovery/mdns-browser.js';
import { probeOnvif } from '../../protocol/discovery/onvif-probe.js';

/** The quickstart as a LAN client sees it: mDNS and WS-Discovery on loopback, faults included. */
const fx = await startTestEmulator();
t.teardown(() => fx.emulator.close());
const { mdnsPort, wsDiscoveryPort } = privateDiscoveryPorts();

t.test('an mDNS browse finds every device with its address, port and TXT', async (t) => {
  const found = await browseVigi({ port: mdnsPort, timeoutMs: 1500 });
  t.same(found.map((d) => d.ip).sort(), fx.emulator.devices.map((d) => d.ip).sort());
  const nvr = found.find((d) => d.ip === fx.device('nvr-main').ip);
  t.match(nvr, { port: fx.device('nvr-main').ports.https, txt: { kind: 'nvr', model: 'NVR1008H', activated: '1', mac: '40-AE-30-00-00-05' } });
});

t.test('ONVIF WS-Discovery: every camera answers a Probe with XAddrs on its own address', async (t) => {
  const matches = await probeOnvif({ port: wsDiscoveryPort, timeoutMs: 1500 });
  const cameras = fx.emulator.devices.filter((d) => d.kind === 'camera');
  t.equal(matches.length, cameras.length);
  for (const camera of cameras) {
    t.ok(matches.some((m) => m.xaddrs.some((x) => x.includes(`//${camera.ip}:`))), `${camera.id} answers from ${camera.ip}`);
  }
});

t.test('a powered-off device says goodbye and is not found; powered on, it is back', async (t) => {
  const ip = fx.device('cam-lobby').ip;
  await fx.control('POST', '/__sim/devices/cam-lobby/faults', { type: 'power-off' });
  t.notOk((await browseVigi({ port: mdnsPort, timeoutMs: 1500 })).some((d) => d.ip === ip));
  await fx.control('DELETE', '/__sim/devices/cam-lobby/faults');
  t.ok((await browseVigi({ port: mdnsPort, timeoutMs: 1500 })).some((d) => d.ip === ip));
  const changes = (await fx.control('GET', '/__sim/events?device=cam-lobby&types=mdns-goodbye,mdns-announced')).body as { type: string }[];
  t.same(changes.map((e) => e.type), ['mdns-goodbye', 'mdns-announced'], 'discovery changes are journalled');
});

t.test('activation changes what a camera announces', async (t) => {
  const ip = fx.device('cam-backyard').ip;
  await fx.control('POST', '/__sim/devices/cam-backyard/factory-reset');
  t.match((await browseVigi({ port: mdnsPort, timeoutMs: 1500 })).find((d) => d.ip === ip), { txt: { activated: '0' } });
});
