import t from 'tap';
import dnsPacket, { type Answer } from 'dns-packet';
import { deviceRecords, hostName, instanceLabel, instanceName } from '../../../protocol/discovery/mdns-records.js';
import { answerQuestions } from '../../../protocol/discovery/mdns-answers.js';
import { MDNS_PAYLOAD_LIMIT, packResponses, packSingle } from '../../../protocol/discovery/mdns-packets.js';
import { testDevice, testDevices } from './discovery-fixture.js';

t.test('names: instance label with MAC suffix, dots and control characters escaped, 63-byte cap', async (t) => {
  const device = testDevice(0xabcdef - 1, { name: 'Gate.1\\back\u0007' });
  t.equal(instanceLabel(device), 'Gate-1-back- (abcdef)');
  t.equal(instanceName(device), 'Gate-1-back- (abcdef)._vigi._tcp.local');
  t.equal(hostName(testDevice(0, { kind: 'nvr' })), 'vigi-nvr-40ae30000001.local');
  const long = instanceLabel(testDevice(0, { name: 'Ünïcödé '.repeat(20) }));
  t.ok(Buffer.byteLength(long) <= 63, `${Buffer.byteLength(long)} bytes`);
  t.match(long, /^Ünïcödé .* \(000001\)$/u);
  t.notOk(long.includes('\uFFFD'), 'no character cut in half');
  t.equal(instanceLabel(testDevice(0, { name: '  ' })), 'C340 (000001)', 'an empty name falls back to the model');
  t.equal(dnsPacket.decode(dnsPacket.encode({ answers: [deviceRecords(device).srv] })).answers?.[0]?.name, instanceName(device), 'round-trips as one label');
});

t.test('records: TTLs, cache-flush on unique records only, legacy and goodbye variants', async (t) => {
  const device = testDevice(0);
  const normal = deviceRecords(device);
  t.match(normal, { ptr: { ttl: 4500 }, srv: { ttl: 120, flush: true }, txt: { ttl: 4500, flush: true }, a: { ttl: 120, flush: true, data: device.ip } });
  t.notOk('flush' in normal.ptr && normal.ptr.flush, 'PTR is shared');
  const legacy = deviceRecords(device, { legacy: true });
  t.ok(Object.values(legacy).every((r) => r.ttl === 10 && !r.flush));
  t.ok(Object.values(deviceRecords(device, { goodbye: true })).every((r) => r.ttl === 0));
  t.same((normal.txt.data as Buffer[]).map(String), ['model=C340', 'mac=40-AE-30-00-00-01', 'uuid=00000000-0000-4000-8000-000000000001',
    'fw=1.0.0 Build 240101', 'activated=1', 'kind=camera']);
});

const sizes = (packets: Buffer[]): number[] => packets.map((p) => p.length);

t.test('packResponses keeps each PTR with its records and every packet within the limit', async (t) => {
  const groups = answerQuestions([{ name: '_vigi._tcp.local', type: 'PTR' }], [], testDevices(50));
  const packets = packResponses(groups, MDNS_PAYLOAD_LIMIT);
  // Compressed names: five devices (PTR, SRV, TXT, A) per packet rather than three.
  t.ok(packets.length >= 8 && packets.length <= 12 && sizes(packets).every((s) => s <= MDNS_PAYLOAD_LIMIT), `${packets.length} packets: ${Math.max(...sizes(packets))} bytes at most`);
  const decoded = packets.map((p) => dnsPacket.decode(p));
  t.equal(decoded.flatMap((p) => p.answers ?? []).length, 50);
  t.ok(decoded.every((p) => (p.answers ?? []).every((ptr) => (p.additionals ?? []).some((r) => r.name === ('data' in ptr ? ptr.data : '')))));
  t.ok(decoded.every((p) => p.id === 0 && p.flag_aa && (p.questions ?? []).length === 0), 'multicast answers: id 0, AA, no questions');
  // A group too big for one packet is spread record by record rather than dropped.
  const huge = packResponses(groups.slice(0, 2), 200);
  t.ok(sizes(huge).every((s) => s <= 200) && huge.length > 2, `${huge.length} packets of at most 200 bytes`);
  t.equal(huge.flatMap((p) => [...(dnsPacket.decode(p).answers ?? []), ...(dnsPacket.decode(p).additionals ?? [])]).length, 8);
});

t.test('packSingle: answers first, whole groups of additionals as fit, TC only when answers are cut', async (t) => {
  const groups = answerQuestions([{ name: '_vigi._tcp.local', type: 'PTR' }], [], testDevices(5), { legacy: true });
  const roomy = dnsPacket.decode(packSingle(groups, 9000));
  t.equal(roomy.additionals?.length, 15);
  const tight = packSingle(groups, 500);
  const decoded = dnsPacket.decode(tight);
  t.ok(tight.length <= 500);
  t.equal(decoded.answers?.length, 5);
  t.equal((decoded.additionals?.length ?? 0) % 3, 0, 'additional records in whole groups');
  t.notOk(decoded.flag_tc);
  const cut = dnsPacket.decode(packSingle(groups, 100));
  t.ok(cut.flag_tc && (cut.answers?.length ?? 0) < 5);
});

t.test('answerQuestions: each question type, QU class, duplicates, known answers', async (t) => {
  const devices = testDevices(3);
  const [first] = devices;
  const answers = (questions: dnsPacket.Question[], known: Answer[] = []) => answerQuestions(questions, known, devices).flatMap((g) => g.answers);
  t.same(answers([{ name: instanceName(first!), type: 'SRV' }]).map((r) => r.type), ['SRV']);
  t.same(answers([{ name: instanceName(first!).toUpperCase(), type: 'ANY' as never }]).map((r) => r.type), ['SRV', 'TXT'], 'names compare case-insensitively; ANY');
  t.same(answers([{ name: hostName(first!), type: 'A' }]).map((r) => 'data' in r && r.data), [first!.ip]);
  t.match(answers([{ name: hostName(first!), type: 'AAAA' }]), [{ type: 'NSEC', name: hostName(first!), ttl: 120, flush: true, data: { nextDomain: hostName(first!), rrtypes: ['A'] } }], 'no AAAA: an NSEC says the host has only A (RFC 6762 §6.1)');
  t.equal(answers([{ name: hostName(first!), type: 'AAAA' }]).length, 1);
  t.match(answerQuestions([{ name: hostName(first!), type: 'A' }], [], devices)[0]!.additionals, [{ type: 'NSEC' }], 'an A answer carries the NSEC as additional');
  t.match(answers([{ name: instanceName(first!), type: 'HINFO' }]), [{ type: 'NSEC', data: { rrtypes: ['TXT', 'SRV'] } }], 'a type the instance lacks: NSEC for SRV and TXT');
  t.match(answerQuestions([{ name: instanceName(first!), type: 'SRV' }], [], devices)[0]!.additionals.map((r) => r.type), ['A', 'NSEC'], 'an SRV answer: its A and the host NSEC');
  t.same(answers([{ name: 'vigi-camera-000000000000.local', type: 'AAAA' }]), [], 'a name that is not ours: silence');
  t.equal(answers([{ name: '_vigi._tcp.local', type: 'PTR', class: 'UNKNOWN_32769' as never }]).length, 3, 'a QU question is still a question');
  t.equal(answers([{ name: '_vigi._tcp.local', type: 'PTR', class: 'CH' }]).length, 0, 'CHAOS class: not ours');
  t.equal(answers([{ name: '_vigi._tcp.local', type: 'PTR' }, { name: '_vigi._tcp.local', type: 'PTR' }]).length, 3, 'asked twice, answered once');
  const both = answerQuestions([{ name: '_vigi._tcp.local', type: 'PTR' }, { name: instanceName(first!), type: 'SRV' }], [], devices);
  t.equal(both.flatMap((g) => g.additionals).filter((r) => r.type === 'SRV').length, 2, 'an SRV already answered is not repeated as additional');
  const known = deviceRecords(first!).ptr;
  t.equal(answers([{ name: '_vigi._tcp.local', type: 'PTR' }], [known]).length, 2, 'known answer suppressed');
  t.equal(answers([{ name: '_vigi._tcp.local', type: 'PTR' }], [{ ...known, ttl: 100 }]).length, 3, 'unless its TTL is below half');
  t.same(answerQuestions([{ name: '_services._dns-sd._udp.local', type: 'PTR' }], [], []), [], 'nothing to enumerate without devices');
});
