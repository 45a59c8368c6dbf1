import t from 'tap';
import { randomBytes } from 'node:crypto';
import dnsPacket from 'dns-packet';
import { MdnsResponder, MDNS_GROUP } from '../../../protocol/discovery/mdns-responder.js';
import { browseVigi } from '../../../protocol/discovery/mdns-browser.js';
import { BrowseState } from '../../../protocol/discovery/mdns-browse-state.js';
import { WsDiscoveryResponder } from '../../../protocol/discovery/ws-discovery.js';
import { probeOnvif } from '../../../protocol/discovery/onvif-probe.js';
import { parseProbe, parseProbeMatches, WSD_GROUP } from '../../../protocol/discovery/ws-discovery-messages.js';
import { clientSocket, closeSocket, privatePort, StaticSource, testDevices } from './discovery-fixture.js';

const devices = testDevices(3);
const source = new StaticSource(devices);
const mdnsPort = privatePort();
const wsdPort = mdnsPort + 1;
const warnings: Error[] = [];
const mdns = new MdnsResponder({ source, port: mdnsPort, onWarning: (e) => warnings.push(e) });
const wsd = new WsDiscoveryResponder({ source, port: wsdPort });
t.before(async () => {
  await mdns.start();
  await wsd.start();
});
t.teardown(async () => {
  await mdns.close();
  await wsd.close();
});

/** Datagrams no sane peer sends: noise, cut-off DNS, a name pointer loop, lying counts. */
function hostileDns(): Buffer[] {
  const query = dnsPacket.encode({ type: 'query', id: 1, questions: [{ name: '_vigi._tcp.local', type: 'PTR' }] });
  const loop = Buffer.from(query);
  loop.writeUInt16BE(0xc00c, 12); // the question's name points at itself
  const lying = Buffer.from(query);
  lying.writeUInt16BE(0xffff, 4); // 65535 questions announced, one present
  const oddClass = dnsPacket.encode({ type: 'query', questions: [{ name: '_vigi._tcp.local', type: 'PTR', class: 'CH' }] });
  return [Buffer.alloc(0), randomBytes(3), randomBytes(1400), query.subarray(0, query.length - 3), loop, lying, oddClass,
    ...Array.from({ length: 40 }, () => Buffer.concat([query.subarray(0, 12), randomBytes(60)]))];
}

t.test('mDNS: garbage on the group and on a device address crashes nothing', async (t) => {
  const socket = await clientSocket();
  t.teardown(() => closeSocket(socket));
  socket.setMulticastInterface('127.0.0.1');
  for (const datagram of hostileDns()) {
    socket.send(datagram, mdnsPort, MDNS_GROUP);
    socket.send(datagram, mdnsPort, devices[0]!.ip);
  }
  // A forged "response" with malformed records while a browse is listening.
  const browsing = browseVigi({ port: mdnsPort, timeoutMs: 600 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.send(Buffer.concat([Buffer.from([0, 0, 0x84, 0, 0, 0, 0, 5, 0, 0, 0, 0]), randomBytes(200)]), mdnsPort, MDNS_GROUP);
  t.equal((await browsing).length, devices.length, 'the responder still answers and the browser still browses');
  // Undecodable datagrams come back as warnings; a bug would show up as a TypeError instead.
  t.same(warnings.filter((w) => w instanceof TypeError || w instanceof ReferenceError), [], 'no programming errors caught');
});

t.test('WS-Discovery: garbage and near-misses are ignored, probes still answered', async (t) => {
  const socket = await clientSocket();
  t.teardown(() => closeSocket(socket));
  socket.setMulticastInterface('127.0.0.1');
  const junk = [
    randomBytes(500), Buffer.alloc(0), Buffer.from('<'.repeat(20_000)), Buffer.from('<a:Action>'.repeat(1500)),
    Buffer.from('<s:Envelope><s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header><s:Body><d:Probe>'),
    Buffer.from(`<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action><a:MessageID>${'x'.repeat(5000)}</a:MessageID><s:Body><d:Probe/></s:Body>`),
  ];
  for (const datagram of junk) socket.send(datagram, wsdPort, WSD_GROUP);
  t.equal((await probeOnvif({ port: wsdPort, timeoutMs: 400 })).length, devices.length);
  t.equal(wsd.counters.ignored, junk.length, 'every junk datagram ignored');
  t.equal(wsd.counters.probesAnswered, 1);
});

t.test('a device address that is not on this host costs a warning, not a crash', async (t) => {
  const seen: Error[] = [];
  const port = privatePort();
  // TEST-NET-2: never assigned to an interface here, so binding to it fails (EADDRNOTAVAIL).
  const stray = { ...devices[0]!, id: 'stray', ip: '198.51.100.7', mac: '40-AE-30-FF-FF-FF', uuid: 'stray' };
  const responder = new MdnsResponder({ source: new StaticSource([...devices, stray]), port, onWarning: (e) => seen.push(e) });
  await responder.start();
  t.teardown(() => responder.close());
  t.equal(responder.counters.unicastSockets, devices.length, 'the others are bound');
  t.match(seen.map((e) => e.message), [/198\.51\.100\.7/]);
  t.equal((await browseVigi({ port, timeoutMs: 400 })).length, devices.length + 1, 'and it is still announced by multicast');
});

t.test('the parsers survive random input', async (t) => {
  const state = new BrowseState();
  const alphabet = '<>/:= &;#"\'abcdxyzProbeMatchActionMessageIDBodyTypesScopes';
  for (let i = 0; i < 3000; i++) {
    const text = Array.from({ length: 1 + (i % 200) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
    parseProbe(text);
    parseProbeMatches(text, 'x');
    if (i % 10 !== 0) continue; // dns-packet spends ~1 ms on each random buffer
    try {
      const packet = dnsPacket.decode(randomBytes(12 + (i % 100)));
      state.ingest([...(packet.answers ?? []), ...(packet.additionals ?? [])]);
    } catch {
      // undecodable: the responder and browser never see these
    }
  }
  state.ingest([{ name: '_vigi._tcp.local', type: 'PTR', data: 'x._vigi._tcp.local' }, { name: 'x._vigi._tcp.local', type: 'SRV', data: null as never }]);
  t.same(state.found(), [], 'incomplete instances are not reported');
  t.pass('no exception escaped');
});
