import t from 'tap';
import dnsPacket, { type Answer, type DecodedPacket, type Question } from 'dns-packet';
import { answerQuestions, KnownAnswers } from '../../../protocol/discovery/mdns-answers.js';
import { KnownAnswerAssembler, type AssembledQuery } from '../../../protocol/discovery/known-answer-assembler.js';
import { deviceRecords, hostName, instanceName, VIGI_SERVICE } from '../../../protocol/discovery/mdns-records.js';
import { MdnsResponder, MDNS_GROUP } from '../../../protocol/discovery/mdns-responder.js';
import { closeSocket, groupListener, privatePort, StaticSource, testDevices } from './discovery-fixture.js';
import dgram from 'node:dgram';

const devices = testDevices(4);
const browse: Question = { name: VIGI_SERVICE, type: 'PTR' };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** A query as dns-packet decodes one: what the responder's handlers receive. */
const query = (questions: Question[], answers: Answer[], tc = false): DecodedPacket =>
  dnsPacket.decode(dnsPacket.encode({ type: 'query', id: 0, flags: tc ? dnsPacket.TRUNCATED_RESPONSE : 0, questions, answers }));

t.test('§7.1: every record type is suppressed when the querier holds it with at least half its TTL', async (t) => {
  const r = deviceRecords(devices[0]!);
  const ask = (questions: Question[], known: Answer[]) => answerQuestions(questions, known, devices).flatMap((g) => g.answers);
  t.same(ask([{ name: instanceName(devices[0]!), type: 'SRV' }], [r.srv]), [], 'SRV known: not sent');
  t.same(ask([{ name: instanceName(devices[0]!), type: 'TXT' }], [r.txt]), [], 'TXT known: not sent');
  t.same(ask([{ name: hostName(devices[0]!), type: 'A' }], [r.a]), [], 'A known: not sent');
  t.equal(ask([{ name: hostName(devices[0]!), type: 'A' }], [{ ...r.a, ttl: 59 }]).length, 1, 'A with under half its 120 s: sent again');
  t.equal(ask([{ name: hostName(devices[0]!), type: 'A' }], [{ ...r.a, ttl: 60 }]).length, 0, 'exactly half: still suppressed');
  t.equal(ask([{ name: hostName(devices[0]!), type: 'A' }], [{ ...r.a, data: '10.9.9.9' }]).length, 1, 'another address is another record');
  // Decoded from the wire, names in another case and SRV fields in the decoder's own order.
  const decoded = query([], [{ ...r.srv, name: r.srv.name.toUpperCase(), data: { target: r.srv.data.target.toUpperCase(), port: r.srv.data.port, weight: 0, priority: 0 } }]).answers ?? [];
  t.same(ask([{ name: instanceName(devices[0]!), type: 'SRV' }], decoded), [], 'names compare without case, SRV by its fields');
});

t.test('§7.1: a PTR the querier holds also drops its additional records; those it holds are left out of the others', async (t) => {
  const [a, b] = devices.map((d) => deviceRecords(d));
  const groups = answerQuestions([browse], [a!.ptr, b!.srv, b!.txt], devices);
  t.equal(groups.length, 3, 'three devices still to tell');
  t.notOk(groups.some((g) => g.answers.includes(a!.ptr) || g.additionals.includes(a!.srv)), 'nothing of the known device');
  const second = groups.find((g) => g.answers.includes(b!.ptr));
  t.same(second?.additionals, [b!.a], 'only the A record of a device whose SRV and TXT are known');
});

t.test('KnownAnswers keeps the longest TTL given for a record and ignores records without data', async (t) => {
  const r = deviceRecords(devices[1]!);
  const known = new KnownAnswers([{ ...r.a, ttl: 10 }, { ...r.a, ttl: 100 }, { name: '.', type: 'OPT', udpPayloadSize: 1232, options: [] } as unknown as Answer]);
  t.equal(known.size, 1);
  t.ok(known.covers(r.a));
  t.notOk(new KnownAnswers().covers(r.a));
});

t.test('§7.2: a TC query waits for the rest of its known answers from the same source, then is answered once', async (t) => {
  const done: Array<AssembledQuery<string>> = [];
  const assembler = new KnownAnswerAssembler<string>((q) => done.push(q), { waitMs: () => 60 });
  t.teardown(() => assembler.close());
  const ptrs = devices.map((d) => deviceRecords(d).ptr);
  assembler.receive('127.0.0.1:5353', query([browse], ptrs.slice(0, 2), true), 'first');
  assembler.receive('127.0.0.2:5353', query([browse], []), 'other querier');
  assembler.receive('127.0.0.1:5353', query([], ptrs.slice(2, 3), true), 'second');
  assembler.receive('127.0.0.1:5353', query([], ptrs.slice(3)), 'last');
  t.equal(done.length, 1, 'a query without TC from another source is answered at once');
  t.equal(done[0]?.context, 'other querier');
  t.equal(assembler.pending, 1);
  await sleep(120);
  t.equal(done.length, 2, 'the TC query is answered after the wait');
  const held = done[1]!;
  t.equal(held.context, 'first', 'with the context of its first packet');
  t.equal(held.packets, 3);
  t.same(held.questions.map((q) => q.name), [VIGI_SERVICE]);
  t.ok(ptrs.every((ptr) => held.known.covers(ptr)), 'every known answer of the three packets');
  t.same(answerQuestions(held.questions, held.known, devices), [], 'so nothing is left to send');
  t.equal(assembler.held, 1);
});

t.test('§7.2: known answers alone, with nothing pending, ask nothing; the default wait is 400–500 ms', async (t) => {
  const done: Array<AssembledQuery<number>> = [];
  const assembler = new KnownAnswerAssembler<number>((q) => done.push(q));
  t.teardown(() => assembler.close());
  assembler.receive('a', query([], [deviceRecords(devices[0]!).ptr]), 1);
  t.equal(done.length, 0);
  t.equal(assembler.pending, 0);
  const started = Date.now();
  assembler.receive('b', query([browse], [], true), 2);
  while (done.length === 0 && Date.now() - started < 1500) await sleep(20);
  const waited = Date.now() - started;
  t.ok(waited >= 390 && waited < 1000, `answered after ${waited} ms`);
});

t.test('responder: a re-query spread over TC packets gets only what it lacks, once', async (t) => {
  const port = privatePort();
  const many = testDevices(30);
  const responder = new MdnsResponder({ source: new StaticSource(many), port, unicastSockets: false, knownAnswerWaitMs: () => 250, sharedDelayMs: () => 20 });
  await responder.start();
  t.teardown(() => responder.close());
  await sleep(1200); // the start-up announcements pass
  const listener = await groupListener(port, MDNS_GROUP);
  t.teardown(() => listener.close());
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  await new Promise<void>((resolve) => socket.bind(port, '0.0.0.0', resolve));
  socket.setMulticastInterface('127.0.0.1');
  t.teardown(() => closeSocket(socket));
  const ptrs = many.map((d) => deviceRecords(d).ptr);
  // 27 PTRs known, over three packets; three devices missing.
  const packets = [
    dnsPacket.encode({ type: 'query', flags: dnsPacket.TRUNCATED_RESPONSE, questions: [browse], answers: ptrs.slice(0, 10) }),
    dnsPacket.encode({ type: 'query', flags: dnsPacket.TRUNCATED_RESPONSE, questions: [], answers: ptrs.slice(10, 20) }),
    dnsPacket.encode({ type: 'query', questions: [], answers: ptrs.slice(20, 27) }),
  ];
  for (const packet of packets) {
    socket.send(packet, port, MDNS_GROUP);
    await sleep(10);
  }
  await sleep(600);
  const responses = listener.messages.map((m) => dnsPacket.decode(m.data)).filter((p) => p.type === 'response');
  const sent = responses.flatMap((p) => p.answers ?? []).filter((r) => r.type === 'PTR').map((r) => 'data' in r && r.data);
  t.same(sent.sort(), ptrs.slice(27).map((r) => r.data).sort(), 'the three missing PTRs, each once');
  t.equal(responder.counters.knownAnswerWaits, 1);
});
