import t from 'tap';
import dgram from 'node:dgram';
import type { RecordGroup } from '../../../protocol/discovery/mdns-answers.js';
import { deviceRecords } from '../../../protocol/discovery/mdns-records.js';
import { MulticastResponseQueue } from '../../../protocol/discovery/mdns-response-queue.js';
import { PacedSender } from '../../../protocol/discovery/paced-sender.js';
import { closeSocket, testDevices } from './discovery-fixture.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const groupOf = (index: number): RecordGroup => {
  const r = deviceRecords(testDevices(index + 1)[index]!);
  return { answers: [r.ptr], additionals: [r.srv, r.txt, r.a] };
};
const uniqueOf = (index: number): RecordGroup => {
  const r = deviceRecords(testDevices(index + 1)[index]!);
  return { answers: [r.srv], additionals: [r.a] };
};

t.test('§6: a shared answer waits, a unique one goes at once, in a response of its own', async (t) => {
  // Order, not time, is the property: the unique answer leaves first, alone; the shared one follows.
  const sent: RecordGroup[][] = [];
  // A long delay, so even a stalled event loop runs the unique answer's timer well before it.
  const queue = new MulticastResponseQueue((groups) => sent.push(groups), { sharedDelayMs: () => 1000 });
  t.teardown(() => queue.close());
  queue.add([groupOf(1)], true);
  queue.add([uniqueOf(0)], false);
  for (let i = 0; i < 400 && sent.length < 2; i++) await sleep(10);
  t.same(sent.map((groups) => groups.map((g) => g.answers[0]?.type)), [['SRV'], ['PTR']], 'SRV at once, then the PTR that was asked first');
});

t.test('§6: answers of several queries due together leave as one response, each record once', async (t) => {
  const sent: RecordGroup[][] = [];
  const queue = new MulticastResponseQueue((groups) => sent.push(groups), { sharedDelayMs: () => 300 });
  t.teardown(() => queue.close());
  queue.add([groupOf(0), groupOf(1)], true);
  queue.add([groupOf(1), groupOf(2)], true); // a second querier while the first answer waits: joins it
  for (let i = 0; i < 200 && sent.length < 1; i++) await sleep(10);
  await sleep(100); // anything else would have been due by now
  t.equal(sent.length, 1, 'one response');
  t.equal(sent[0]?.length, 3, 'three devices, the shared one once');
  t.equal(queue.queued, 2);
  t.equal(queue.sent, 1);
  queue.add([groupOf(3)], true);
  queue.close();
  await sleep(100);
  t.equal(sent.length, 1, 'close drops what has not gone out');
});

t.test('PacedSender: a byte budget per burst, then a pause; every packet arrives, in order', async (t) => {
  const receiver = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
  t.teardown(() => closeSocket(receiver));
  const heard: Array<{ at: number; index: number }> = [];
  receiver.on('message', (data) => heard.push({ at: Date.now(), index: data.readUInt16BE(0) }));
  const socket = dgram.createSocket('udp4');
  t.teardown(() => closeSocket(socket));
  const sender = new PacedSender({ burst: 8, burstBytes: 3000, pauseMs: 20 });
  const packets = Array.from({ length: 6 }, (_, index) => {
    const data = Buffer.alloc(1400);
    data.writeUInt16BE(index, 0);
    return data;
  });
  const started = Date.now();
  sender.send(socket, packets, receiver.address().port, '127.0.0.1');
  await sender.drained();
  const took = Date.now() - started;
  // 3,000 bytes a burst = two 1,400-byte packets: three bursts, two pauses of 20 ms.
  t.ok(took >= 38, `six packets in three bursts took ${took} ms`);
  for (let i = 0; i < 50 && heard.length < 6; i++) await sleep(10);
  t.same(heard.map((h) => h.index), [0, 1, 2, 3, 4, 5]);
  t.equal(sender.packetsSent, 6);
  t.equal(sender.bytesSent, 6 * 1400);
  // A packet larger than the budget still goes, alone.
  const big = new PacedSender({ burstBytes: 100, pauseMs: 1 });
  big.send(socket, [Buffer.alloc(1000)], receiver.address().port, '127.0.0.1');
  await big.drained();
  t.equal(big.packetsSent, 1);
});
