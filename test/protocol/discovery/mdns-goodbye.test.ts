import t from 'tap';
import { MdnsResponder } from '../../../protocol/discovery/mdns-responder.js';
import { browseVigi } from '../../../protocol/discovery/mdns-browser.js';
import { privatePort, StaticSource, testDevices } from './discovery-fixture.js';

const devices = testDevices(4);
const port = privatePort();
const source = new StaticSource([...devices]);
const responder = new MdnsResponder({ source, port });
t.before(() => responder.start());
t.teardown(() => responder.close());

const uuids = (found: { txt: Record<string, string> }[]): string[] => found.map((f) => f.txt.uuid ?? '').sort();
const uuidsOf = (list: { uuid: string }[]): string[] => list.map((d) => d.uuid).sort();

t.test('a goodbye heard during a browse removes the device from its result', async (t) => {
  const powerOff = devices[1]!;
  const browsing = browseVigi({ port, timeoutMs: 900 });
  await new Promise((resolve) => setTimeout(resolve, 250)); // the browse has heard all four by now
  source.devices = devices.filter((d) => d !== powerOff);
  responder.goodbye(powerOff);
  const found = await browsing;
  t.same(uuids(found), uuidsOf(source.devices), 'the three still powered on');
});

t.test('a device powered on again is announced and found again', async (t) => {
  const back = devices[1]!;
  const browsing = browseVigi({ port, timeoutMs: 900 });
  await new Promise((resolve) => setTimeout(resolve, 250));
  source.devices = [...devices];
  responder.announce(back);
  t.same(uuids(await browsing), uuidsOf(devices), 'the announcement alone brings it into a running browse');
  t.same(uuids(await browseVigi({ port, timeoutMs: 400 })), uuidsOf(devices), 'and a new browse finds it');
});

t.test('a device whose record changes is re-announced with the new TXT', async (t) => {
  const activated = { ...devices[3]!, activated: true };
  source.devices = [...devices.slice(0, 3), activated];
  responder.announce(activated);
  const found = await browseVigi({ port, timeoutMs: 400 });
  t.equal(found.find((f) => f.txt.uuid === activated.uuid)?.txt.activated, '1');
});

t.test('a renamed device says goodbye under its old name', async (t) => {
  const before = source.devices[0]!;
  const renamed = { ...before, name: 'Renamed' };
  const browsing = browseVigi({ port, timeoutMs: 900 });
  await new Promise((resolve) => setTimeout(resolve, 250));
  source.devices = [renamed, ...source.devices.slice(1)];
  responder.announce(renamed);
  const names = (await browsing).map((f) => f.name);
  t.ok(names.includes('Renamed (000001)'), 'the new name is heard');
  t.notOk(names.includes('Camera 1 (000001)'), 'the old one is gone');
  t.equal(names.length, devices.length);
});
