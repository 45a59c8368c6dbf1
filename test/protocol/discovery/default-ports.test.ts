import t from 'tap';
import { MdnsResponder } from '../../../protocol/discovery/mdns-responder.js';
import { browseVigi } from '../../../protocol/discovery/mdns-browser.js';
import { WsDiscoveryResponder } from '../../../protocol/discovery/ws-discovery.js';
import { probeOnvif } from '../../../protocol/discovery/onvif-probe.js';
import { StaticSource, testDevice } from './discovery-fixture.js';

/**
 * The real ports, 5353 and 3702, as the emulator uses by default. Other processes may use them
 * at the same time (another test file, avahi): reuseAddr lets everyone bind, so this test only
 * looks for its own devices (a random uuid each run) and tolerates strangers.
 */
const run = Math.random().toString(16).slice(2, 10);
const devices = [0, 1, 2].map((i) => testDevice(i, { uuid: `${run}-0000-4000-8000-00000000000${i}`, name: `Default ${run} ${i}` }));
const source = new StaticSource(devices);
const mine = (uuid: string | undefined): boolean => uuid?.startsWith(run) ?? false;

t.test('mDNS on 5353 alongside whoever else is there', async (t) => {
  const responder = new MdnsResponder({ source });
  try {
    await responder.start();
  } catch (error) {
    t.plan(0, `5353 is not available here: ${(error as Error).message}`);
    return;
  }
  t.teardown(() => responder.close());
  const found = (await browseVigi({ timeoutMs: 600 })).filter((f) => mine(f.txt.uuid));
  t.equal(found.length, devices.length);
  t.same(found.map((f) => f.ip).sort(), devices.map((d) => d.ip).sort());
});

t.test('WS-Discovery on 3702 alongside whoever else is there', async (t) => {
  const responder = new WsDiscoveryResponder({ source });
  try {
    await responder.start();
  } catch (error) {
    t.plan(0, `3702 is not available here: ${(error as Error).message}`);
    return;
  }
  t.teardown(() => responder.close());
  const found = (await probeOnvif({ timeoutMs: 400 })).filter((m) => mine(m.uuid));
  t.equal(found.length, devices.length);
  t.ok(found.every((m) => devices.some((d) => m.xaddrs[0] === `http://${d.ip}:8080/onvif/device_service`)));
});
