import t from 'tap';
import { randomUUID } from 'node:crypto';
import { WsDiscoveryResponder } from '../../../protocol/discovery/ws-discovery.js';
import { probeOnvif } from '../../../protocol/discovery/onvif-probe.js';
import { parseProbe, probeMessage, WSD_GROUP } from '../../../protocol/discovery/ws-discovery-messages.js';
import { clientSocket, closeSocket, nextMessage, privatePort, StaticSource, testDevice } from './discovery-fixture.js';

const cameras = [testDevice(0, { name: 'Front door & gate' }), testDevice(1), testDevice(2, { httpPort: 8080 })];
const nvr = testDevice(3, { kind: 'nvr' });
const port = privatePort();
const responder = new WsDiscoveryResponder({ source: new StaticSource([...cameras, nvr]), port });
t.before(() => responder.start());
t.teardown(() => responder.close());

t.test('a Probe gets one ProbeMatches per camera, XAddrs on each camera\'s own address', async (t) => {
  const matches = await probeOnvif({ port, timeoutMs: 400 });
  t.equal(matches.length, cameras.length, 'cameras only: the NVR\'s ONVIF server is off');
  for (const camera of cameras) {
    const match = matches.find((m) => m.uuid === camera.uuid);
    t.match(match, {
      xaddrs: [`http://${camera.ip}:${camera.httpPort}/onvif/device_service`],
      types: ['dn:NetworkVideoTransmitter'],
    }, camera.id);
    t.same(match?.scopes, [
      'onvif://www.onvif.org/type/video_encoder',
      `onvif://www.onvif.org/name/${encodeURIComponent(camera.name)}`,
      `onvif://www.onvif.org/hardware/${camera.model}`,
      `onvif://www.onvif.org/MAC/${camera.mac}`,
    ]);
  }
});

t.test('an empty Types probes for anything; another type gets nothing', async (t) => {
  t.equal((await probeOnvif({ port, timeoutMs: 300, types: '' })).length, cameras.length);
  t.equal((await probeOnvif({ port, timeoutMs: 300, types: 'tdn:SomethingElse' })).length, 0);
});

t.test('the reply is unicast to the prober, relates to its MessageID, and carries the SOAP envelope', async (t) => {
  const socket = await clientSocket();
  t.teardown(() => closeSocket(socket));
  socket.setMulticastInterface('127.0.0.1');
  const messageId = `urn:uuid:${randomUUID()}`;
  socket.send(probeMessage(messageId), port, WSD_GROUP);
  const reply = await nextMessage(socket, 1000);
  const xml = reply?.data.toString('utf8') ?? '';
  t.match(xml, /<a:Action s:mustUnderstand="1">http:\/\/schemas\.xmlsoap\.org\/ws\/2005\/04\/discovery\/ProbeMatches<\/a:Action>/);
  t.match(xml, `<a:RelatesTo>${messageId}</a:RelatesTo>`);
  t.match(xml, /<d:MetadataVersion>1<\/d:MetadataVersion>/);
  t.match(xml, /<a:Address>urn:uuid:[0-9a-f-]{36}<\/a:Address>/);
  t.match(xml, /Front%20door%20%26%20gate/, 'the name is URI-encoded in its scope');
});

t.test('scopes narrow a probe (RFC 3986 prefix match)', async (t) => {
  const socket = await clientSocket();
  t.teardown(() => closeSocket(socket));
  socket.setMulticastInterface('127.0.0.1');
  const messageId = `urn:uuid:${randomUUID()}`;
  const probe = probeMessage(messageId).replace('<d:Scopes/>', `<d:Scopes>onvif://www.onvif.org/MAC/${cameras[1]!.mac}</d:Scopes>`);
  socket.send(probe, port, WSD_GROUP);
  const first = await nextMessage(socket, 500);
  t.match(first?.data.toString(), cameras[1]!.uuid);
  t.equal(await nextMessage(socket, 300), undefined, 'only that camera answers');
});

t.test('parseProbe reads namespace prefixes it has never seen and rejects what is not a Probe', async (t) => {
  const probe = `<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Header><w:Action xmlns:w="x">
    http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe </w:Action><w:MessageID>uuid:1&amp;2</w:MessageID></e:Header>
    <e:Body><p:Probe xmlns:p="y"><p:Types>tds:Device dn:NetworkVideoTransmitter</p:Types></p:Probe></e:Body></e:Envelope>`;
  t.same(parseProbe(probe), { messageId: 'uuid:1&2', types: ['Device', 'NetworkVideoTransmitter'], scopes: [] });
  t.equal(parseProbe(probe.replace('/Probe ', '/Hello')), undefined, 'another action');
  t.equal(parseProbe(probe.replace(/<w:MessageID>.*<\/w:MessageID>/, '')), undefined, 'no MessageID to relate to');
  t.equal(parseProbe(probe.replace('</e:Body>', '')), undefined, 'unterminated Body');
  t.equal(parseProbe(''), undefined);
});
