import t from 'tap';
import dnsPacket, { type Packet } from 'dns-packet';
import { compressMessage } from '../../../protocol/discovery/dns-name-compression.js';
import { answerQuestions } from '../../../protocol/discovery/mdns-answers.js';
import { deviceRecords } from '../../../protocol/discovery/mdns-records.js';
import { testDevice, testDevices } from './discovery-fixture.js';

/** Decoded, without the parts that only reflect the wire layout. */
const decoded = (message: Buffer): unknown => JSON.parse(JSON.stringify(dnsPacket.decode(message)));

t.test('a compressed message decodes to exactly what the uncompressed one did, and is smaller', async (t) => {
  const groups = answerQuestions([{ name: '_vigi._tcp.local', type: 'PTR' }], [], testDevices(5));
  const packet: Packet = {
    type: 'response', id: 7, flags: dnsPacket.AUTHORITATIVE_ANSWER,
    questions: [{ name: '_vigi._tcp.local', type: 'PTR' }],
    answers: groups.flatMap((g) => g.answers), additionals: groups.flatMap((g) => g.additionals),
  };
  const plain = dnsPacket.encode(packet);
  const small = compressMessage(plain);
  t.same(decoded(small), decoded(plain));
  t.ok(small.length < plain.length * 0.7, `${plain.length} → ${small.length} bytes`);
  t.same(decoded(compressMessage(small)), decoded(plain), 'compressing a compressed message changes nothing it says');
});

t.test('pointers go back to the longest tail written before, case kept', async (t) => {
  const message = compressMessage(dnsPacket.encode({
    type: 'response',
    answers: [
      { name: 'a.example.local', type: 'A', data: '127.0.0.1' },
      { name: 'b.example.local', type: 'A', data: '127.0.0.2' },
      { name: 'B.Example.local', type: 'A', data: '127.0.0.3' },
      { name: 'x', type: 'PTR', data: 'a.example.local' },
    ],
  }));
  t.same(dnsPacket.decode(message).answers?.map((r) => r.name), ['a.example.local', 'b.example.local', 'B.Example.local', 'x']);
  t.equal((dnsPacket.decode(message).answers?.[3] as { data: string }).data, 'a.example.local');
  // first name in full (17 bytes), "b" + pointer to "example.local" (4), "B.Example" + pointer to "local" (12), x (3), PTR rdata: one pointer (2)
  t.equal(message.length, 12 + 17 + 14 + 4 + 14 + 12 + 14 + 3 + 10 + 2);
});

t.test('SRV targets: compressed for mDNS, written whole for unicast DNS (RFC 2782)', async (t) => {
  const { srv, a } = deviceRecords(testDevice(0));
  const plain = dnsPacket.encode({ type: 'response', answers: [a, srv] });
  const mdns = compressMessage(plain);
  const unicast = compressMessage(plain, { srvRdata: false });
  t.ok(mdns.length < unicast.length, `${mdns.length} < ${unicast.length}`);
  t.same(decoded(mdns), decoded(plain));
  t.same(decoded(unicast), decoded(plain));
  const target = Buffer.from(srv.data.target.split('.')[0]!);
  t.not(unicast.lastIndexOf(target), unicast.indexOf(target), 'the unicast SRV rdata spells its target out again');
  t.equal(mdns.lastIndexOf(target), mdns.indexOf(target), 'the mDNS SRV rdata points at it');
});

t.test('other rdata (TXT, OPT, unknown types) is copied byte for byte', async (t) => {
  const packet: Packet = {
    type: 'response',
    answers: [
      { name: 'h.local', type: 'TXT', data: [Buffer.from('h.local'), Buffer.from('k=v')] },
      { name: 'h.local', type: 'AAAA', data: '::1' },
      { name: 'h.local', type: 'NSEC', data: { nextDomain: 'h.local', rrtypes: ['A', 'TXT'] } },
    ],
    additionals: [{ name: '.', type: 'OPT', udpPayloadSize: 1400, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }],
  };
  const plain = dnsPacket.encode(packet);
  t.same(decoded(compressMessage(plain)), decoded(plain));
});

t.test('broken input throws a RangeError instead of looping or reading past the end', async (t) => {
  const plain = dnsPacket.encode({ type: 'response', answers: [{ name: 'a.local', type: 'A', data: '127.0.0.1' }] });
  t.throws(() => compressMessage(plain.subarray(0, plain.length - 3)), RangeError);
  const loop = Buffer.from(plain);
  loop.writeUInt16BE(0xc000 | 12, 12); // the owner name points at itself
  t.throws(() => compressMessage(loop), RangeError);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(1, 4); // one question, none present
  t.throws(() => compressMessage(header), RangeError);
});
