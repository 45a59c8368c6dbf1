import t from 'tap';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import { MdnsResponder } from '../../../protocol/discovery/mdns-responder.js';
import { hostName, instanceName } from '../../../protocol/discovery/mdns-records.js';
import { legacyReply } from '../../../protocol/discovery/mdns-query-reply.js';
import { answerQuestions } from '../../../protocol/discovery/mdns-answers.js';
import { clientSocket, closeSocket, nextMessage, privatePort, StaticSource, testDevice } from './discovery-fixture.js';

const run = promisify(execFile);
const devices = [testDevice(0), testDevice(1, { kind: 'nvr' }), testDevice(2, { name: 'Lobby' })];
const port = privatePort();
const source = new StaticSource([...devices]);
const responder = new MdnsResponder({ source, port });
t.before(() => responder.start());
t.teardown(() => responder.close());

async function legacyQuery(ip: string, questions: dnsPacket.Question[], id: number, extra: Partial<dnsPacket.Packet> = {}) {
  const socket = await clientSocket();
  try {
    socket.send(dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions, ...extra }), port, ip);
    const reply = await nextMessage(socket, 1000);
    return reply && { from: reply.from, packet: dnsPacket.decode(reply.data), size: reply.data.length };
  } finally {
    await closeSocket(socket);
  }
}

/** An EDNS0 OPT record offering `size` bytes, as dig sends (1232 by default). */
const opt = (size: number): dnsPacket.OptAnswer => ({ name: '.', type: 'OPT', udpPayloadSize: size, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] });

t.test('a query from a random port is answered by unicast from the device address', async (t) => {
  const target = devices[1]!;
  const question = { name: '_vigi._tcp.local', type: 'PTR' as const, class: 'IN' as const };
  const reply = await legacyQuery(target.ip, [question], 0x4d2a, { additionals: [opt(1232)] });
  if (!reply) {
    t.fail('no reply');
    return;
  }
  t.equal(reply.from.address, target.ip, 'the reply comes from the address asked');
  t.equal(reply.from.port, port);
  t.equal(reply.packet.id, 0x4d2a, 'query id echoed');
  t.same(reply.packet.questions, [question], 'question echoed');
  const records = [...reply.packet.answers ?? [], ...reply.packet.additionals ?? []].filter((r) => r.type !== 'OPT');
  t.equal(reply.packet.answers?.length, devices.length, 'the whole LAN, not just this device');
  t.equal(records.length, devices.length * 4, 'with every SRV, TXT and A');
  t.ok(records.every((r) => !('flush' in r) || r.flush === false), 'no cache-flush bit');
  t.ok(records.every((r) => 'ttl' in r && typeof r.ttl === 'number' && r.ttl <= 10 && r.ttl > 0), 'TTL at most 10 s');
});

t.test('on loopback a legacy reply carries every device, up to the 9000-byte mDNS cap, whatever buffer dig offers', async (t) => {
  const more = Array.from({ length: 9 }, (_, i) => testDevice(10 + i));
  t.teardown(() => {
    source.devices = [...devices];
  });
  source.devices = [...devices, ...more];
  for (const edns of [undefined, 1232]) {
    const reply = await legacyQuery(devices[0]!.ip, [{ name: '_vigi._tcp.local', type: 'PTR' }], 7, edns === undefined ? {} : { additionals: [opt(edns)] });
    t.ok(reply && reply.size > 1232 && reply.size <= 9000, `${reply?.size} bytes with ${edns ?? 'no'} EDNS0 buffer`);
    t.equal(reply?.packet.answers?.length, 12, 'every PTR');
    t.equal(reply?.packet.additionals?.filter((r) => r.type !== 'OPT').length, 36, 'every SRV, TXT and A');
    t.notOk(reply?.packet.flag_tc);
  }
});

t.test('off loopback the client\'s buffer is honoured: 512 bytes without EDNS0, TC when answers do not fit', async (t) => {
  const many = [...devices, ...Array.from({ length: 60 }, (_, i) => testDevice(10 + i))];
  // As the responder receives it: decoded from the wire.
  const query = (edns?: number) => dnsPacket.decode(dnsPacket.encode({ id: 7, type: 'query', questions: [{ name: '_vigi._tcp.local', type: 'PTR' }], ...(edns ? { additionals: [opt(edns)] } : {}) }));
  const groups = (count: number) => answerQuestions([{ name: '_vigi._tcp.local', type: 'PTR' }], [], many.slice(0, count), { legacy: true });
  const six = dnsPacket.decode(legacyReply(query(), groups(6), false));
  t.equal(six.answers?.length, 6, 'all six PTRs in 512 bytes');
  t.notOk(six.flag_tc, 'dropping additional records is not truncation (RFC 2181 §9)');
  // Compressed, a PTR costs ~24 bytes: sixty do not fit in 512.
  const sixty = legacyReply(query(), groups(60), false);
  t.ok(sixty.length <= 512 && dnsPacket.decode(sixty).flag_tc, 'sixty PTRs do not fit: TC set');
  const big = dnsPacket.decode(legacyReply(query(8192), groups(12), false));
  t.equal(big.additionals?.filter((r) => r.type !== 'OPT').length, 36, 'an EDNS0 buffer of 8192 holds everything');
  t.ok(big.additionals?.some((r) => r.type === 'OPT'), 'OPT answered with OPT');
});

t.test('the per-address sockets follow the advertised devices', async (t) => {
  const gone = devices[2]!;
  source.devices = devices.filter((d) => d !== gone);
  responder.goodbye(gone);
  await new Promise((resolve) => setImmediate(resolve));
  await responder.sync();
  t.equal(responder.counters.unicastSockets, 2);
  // The datagram now reaches the wildcard multicast socket, which answers from 127.0.0.1 (as
  // for any legacy query it gets): no longer from the device's address, so dig ignores it.
  const after = await legacyQuery(gone.ip, [{ name: '_vigi._tcp.local', type: 'PTR' }], 9);
  t.not(after?.from.address, gone.ip, 'a powered-off device no longer answers from its address');
  t.notOk(after?.packet.answers?.some((r) => 'data' in r && r.data === instanceName(gone)), 'nor is it listed');
  source.devices = [...devices];
  responder.announce(gone);
  await new Promise((resolve) => setImmediate(resolve));
  await responder.sync();
  t.ok(await legacyQuery(gone.ip, [{ name: '_vigi._tcp.local', type: 'PTR' }], 10), 'powered on again, it answers');
});

const hasDig = await run('sh', ['-c', 'command -v dig']).then(() => true, () => false);
t.test('dig @<device ip> lists every device with SRV, TXT and A', { skip: hasDig ? false : 'dig is not installed (Debian package dnsutils)' }, async (t) => {
  const ip = devices[0]!.ip;
  const { stdout: raw } = await run('dig', [`@${ip}`, '-p', String(port), '_vigi._tcp.local', 'PTR', '+time=2', '+tries=1', '+norecurse']);
  // dig escapes spaces (\\032) and parentheses in names; undo that to compare.
  const stdout = raw.replace(/\\(\d{3})/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/\\(.)/g, '$1');
  t.match(stdout, /status: NOERROR/);
  t.notMatch(stdout, /reply from unexpected source/);
  for (const device of devices) {
    const instance = instanceName(device);
    t.match(stdout, new RegExp(`_vigi\\._tcp\\.local\\.\\s+10\\s+IN\\s+PTR\\s+${escape(instance)}\\.`), `PTR ${device.id}`);
    t.match(stdout, new RegExp(`${escape(instance)}\\.\\s+10\\s+IN\\s+SRV\\s+0 0 ${device.httpsPort} ${escape(hostName(device))}\\.`), `SRV ${device.id}`);
    t.match(stdout, new RegExp(`${escape(instance)}\\.\\s+10\\s+IN\\s+TXT\\s+"model=${device.model}" "mac=${device.mac}" "uuid=${device.uuid}"`), `TXT ${device.id}`);
    t.match(stdout, new RegExp(`${escape(hostName(device))}\\.\\s+10\\s+IN\\s+A\\s+${escape(device.ip)}`), `A ${device.id}`);
  }
});

t.test('dig AAAA of a device host name: NSEC says it has only A (RFC 6762 §6.1)', { skip: hasDig ? false : 'dig is not installed (Debian package dnsutils)' }, async (t) => {
  const device = devices[0]!;
  const { stdout } = await run('dig', [`@${device.ip}`, '-p', String(port), hostName(device), 'AAAA', '+time=2', '+tries=1', '+norecurse']);
  t.match(stdout, /status: NOERROR/);
  t.match(stdout, new RegExp(`ANSWER SECTION:\\n${escape(hostName(device))}\\.\\s+10\\s+IN\\s+NSEC\\s+${escape(hostName(device))}\\. A\\n`), 'an NSEC answer listing only A');
  t.notMatch(stdout, /IN\s+AAAA\s+[0-9a-f:]/, 'and no AAAA record');
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
