import t from 'tap';
import dnsPacket from 'dns-packet';
import { MdnsResponder, MDNS_GROUP } from '../../../protocol/discovery/mdns-responder.js';
import { browseVigi } from '../../../protocol/discovery/mdns-browser.js';
import { MDNS_LOOPBACK_PAYLOAD, MDNS_PAYLOAD_LIMIT, payloadLimitFor } from '../../../protocol/discovery/mdns-packets.js';
import { groupListener, privatePort, StaticSource, testDevices } from './discovery-fixture.js';

t.test('loopback packets may fill 7,600 bytes (RFC 6762 §17: up to the interface MTU); any other interface keeps 1,400', async (t) => {
  t.equal(payloadLimitFor('127.0.0.1'), MDNS_LOOPBACK_PAYLOAD);
  t.equal(payloadLimitFor('127.77.0.1'), MDNS_LOOPBACK_PAYLOAD);
  t.equal(payloadLimitFor('192.168.1.10'), MDNS_PAYLOAD_LIMIT);
  t.ok(MDNS_LOOPBACK_PAYLOAD + 28 <= 9000, 'never over 9,000 bytes with the IPv4 and UDP headers');
});

for (const [link, limit, least] of [['LAN-sized', MDNS_PAYLOAD_LIMIT, 50], ['loopback', MDNS_LOOPBACK_PAYLOAD, 9]] as const) {
t.test(`300 devices, ${link} packets: the answer to one browse spans many packets, each within the limit, and all are found`, async (t) => {
  const port = privatePort();
  const devices = testDevices(300);
  const responder = new MdnsResponder({ source: new StaticSource(devices), port, unicastSockets: false, ...(limit === MDNS_PAYLOAD_LIMIT ? { payloadLimit: limit } : {}) });
  await responder.start();
  t.teardown(() => responder.close());
  await new Promise((resolve) => setTimeout(resolve, 1200)); // let both start-up announcements pass
  const listener = await groupListener(port, MDNS_GROUP);
  t.teardown(() => listener.close());

  const sentBefore = responder.counters.packetsSent;
  const started = Date.now();
  const found = await browseVigi({ port, timeoutMs: 5000, expected: 300 });
  t.ok(Date.now() - started < 5000, 'with `expected`, the browse returns once every device is heard');
  t.equal(found.length, 300, 'every device found');
  t.equal(new Set(found.map((f) => f.txt.uuid)).size, 300, 'each once');
  t.ok(found.every((f) => devices.some((d) => d.ip === f.ip && d.uuid === f.txt.uuid)), 'each with its own address');

  const responses = listener.messages.map((m) => ({ size: m.data.length, packet: dnsPacket.decode(m.data) })).filter((m) => m.packet.type === 'response');
  t.ok(responses.length >= least, `split over ${responses.length} packets`);
  t.ok(responses.every((r) => r.size <= limit), `largest ${Math.max(...responses.map((r) => r.size))} bytes <= ${limit}`);
  t.equal(responder.counters.packetsSent - sentBefore, responses.length, 'the listener heard every packet sent');
  // Each PTR travels with its SRV and TXT in the same packet (as additional records in an
  // answer, as answers in an announcement, should a late one be heard here).
  const alone = responses.flatMap(({ packet }) => {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
    return records.filter((ptr) => ptr.type === 'PTR' && ptr.name === '_vigi._tcp.local')
      .filter((ptr) => records.filter((r) => 'data' in ptr && r.name === ptr.data).length !== 2);
  });
  t.same(alone, [], 'no PTR without its SRV and TXT');
});
}

t.test('start-up announces every device twice, packed, and close says goodbye to all', async (t) => {
  const port = privatePort();
  const listener = await groupListener(port, MDNS_GROUP);
  t.teardown(() => listener.close());
  const responder = new MdnsResponder({ source: new StaticSource(testDevices(40)), port, unicastSockets: false });
  await responder.start();
  await new Promise((resolve) => setTimeout(resolve, 1600));
  const ptrTtls = () => listener.messages.flatMap((m) => dnsPacket.decode(m.data).answers ?? []).filter((r) => r.type === 'PTR' && r.name === '_vigi._tcp.local').map((r) => (r as { ttl: number }).ttl);
  t.equal(ptrTtls().filter((ttl) => ttl === 4500).length, 80, 'two announcements of 40 devices');
  t.ok(listener.messages.length < 40, `in ${listener.messages.length} packets, not one per device`);
  t.ok(listener.messages.every((m) => m.data.length <= MDNS_LOOPBACK_PAYLOAD));
  await responder.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(ptrTtls().filter((ttl) => ttl === 0).length, 40, 'a goodbye (TTL 0) for each device on close');
});
