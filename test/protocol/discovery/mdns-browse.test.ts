import t from 'tap';
import dgram from 'node:dgram';
import dnsPacket from 'dns-packet';
import multicastDns from 'multicast-dns';
import { MdnsResponder, MDNS_GROUP } from '../../../protocol/discovery/mdns-responder.js';
import { browseVigi } from '../../../protocol/discovery/mdns-browser.js';
import { hostName } from '../../../protocol/discovery/mdns-records.js';
import { groupListener, privatePort, StaticSource, testDevice } from './discovery-fixture.js';

const devices = [
  testDevice(0), testDevice(1), testDevice(2, { name: 'Front.Door' }),
  testDevice(3, { kind: 'nvr' }), testDevice(4, { kind: 'nvr', activated: false }),
];
const port = privatePort();
const source = new StaticSource(devices);
const responder = new MdnsResponder({ source, port });

t.before(() => responder.start());
t.teardown(() => responder.close());

t.test('a browse finds every advertised device with its SRV, TXT and A', async (t) => {
  const found = await browseVigi({ port, timeoutMs: 600 });
  t.equal(found.length, devices.length, 'each device once');
  for (const device of devices) {
    const hit = found.find((f) => f.txt.uuid === device.uuid);
    if (!hit) {
      t.fail(`${device.id} not found`);
      continue;
    }
    t.match(hit, {
      ip: device.ip, port: device.httpsPort, hostname: hostName(device),
      txt: { model: device.model, mac: device.mac, fw: device.firmware, kind: device.kind, activated: device.activated ? '1' : '0' },
    }, device.id);
    t.match(hit.hostname, /^vigi-(camera|nvr)-[0-9a-f]{12}\.local$/);
    t.match(hit.name, new RegExp(`\\(${device.mac.replace(/-/g, '').slice(-6).toLowerCase()}\\)$`), 'name ends in the MAC suffix');
  }
  t.ok(found.some((f) => f.name === 'Front-Door (000003)'), 'a dot in the name is not a label separator');
});

/** A plain multicast-dns querier on the same port, as another mDNS stack would be. */
async function ask(question: { name: string; type: 'PTR' | 'SRV' | 'TXT' | 'A' }, ms = 300) {
  const mdns = multicastDns({ port, bind: '0.0.0.0', interface: '127.0.0.1', reuseAddr: true, loopback: true });
  const heard: multicastDns.ResponsePacket[] = [];
  mdns.on('response', (packet: multicastDns.ResponsePacket) => heard.push(packet));
  await new Promise((resolve) => mdns.once('ready', resolve));
  mdns.query({ questions: [question] });
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise<void>((resolve) => mdns.destroy(() => resolve()));
  return heard.flatMap((p) => [...(p.answers ?? []), ...(p.additionals ?? [])]);
}

t.test('service enumeration lists _vigi._tcp.local', async (t) => {
  const records = await ask({ name: '_services._dns-sd._udp.local', type: 'PTR' });
  t.ok(records.some((r) => r.type === 'PTR' && r.name === '_services._dns-sd._udp.local' && r.data === '_vigi._tcp.local' && r.ttl === 4500));
});

t.test('SRV, TXT and A of one device on their own, with cache-flush and RFC 6762 TTLs', async (t) => {
  const device = devices[0]!;
  const instance = `Camera 1 (000001)._vigi._tcp.local`;
  const srv = (await ask({ name: instance, type: 'SRV' })).find((r) => r.type === 'SRV' && r.name === instance);
  t.match(srv, { ttl: 120, flush: true, data: { port: 8443, target: hostName(device) } });
  const txt = (await ask({ name: instance, type: 'TXT' })).find((r) => r.type === 'TXT');
  t.match(txt, { ttl: 4500, flush: true });
  const a = (await ask({ name: hostName(device), type: 'A' })).find((r) => r.type === 'A');
  t.match(a, { name: hostName(device), ttl: 120, flush: true, data: device.ip });
  const ptr = (await ask({ name: '_vigi._tcp.local', type: 'PTR' })).filter((r) => r.type === 'PTR');
  t.equal(ptr.length, devices.length);
  t.ok(ptr.every((r) => 'flush' in r && r.flush === false), 'PTR is shared: no cache-flush');
  t.same(await ask({ name: 'nobody.local', type: 'A' }), [], 'no answer for names we do not own');
});

t.test('a question with the QU bit is answered on the group (RFC 6762 §5.4)', async (t) => {
  const listener = await groupListener(port, MDNS_GROUP);
  t.teardown(() => listener.close());
  const query = dnsPacket.encode({ type: 'query', questions: [{ name: '_vigi._tcp.local', type: 'PTR' }] });
  query.writeUInt16BE(0x8001, query.length - 2); // class IN with the unicast-response bit
  // Sent from the mDNS port itself, so this is a full mDNS querier, not a legacy one.
  const raw = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve) => raw.bind(port, '127.0.0.1', resolve));
  raw.setMulticastInterface('127.0.0.1');
  raw.send(query, port, MDNS_GROUP);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await new Promise<void>((resolve) => raw.close(() => resolve()));
  const answers = listener.messages.map((m) => dnsPacket.decode(m.data)).filter((p) => p.type === 'response').flatMap((p) => p.answers ?? []);
  t.equal(answers.filter((r) => r.type === 'PTR').length, devices.length);
});

t.test('counters move', async (t) => {
  t.ok(responder.counters.queriesAnswered > 0);
  t.ok(responder.counters.packetsSent > 0);
  t.equal(responder.counters.unicastSockets, devices.length);
});
