import t from 'tap';
import { EventJournal } from '../../../protocol/events/event-journal.js';
import { simulatorEvents } from '../../../protocol/simulator/simulator-events.js';

// sim.events over a journal: race-free waits (what already happened counts), filters, marks.
const at = 0;

t.test('waitFor returns what already happened, oldest first, each entry once', async (t) => {
  const journal = new EventJournal();
  const events = simulatorEvents(journal);
  journal.emit({ type: 'powered-off', deviceId: 'cam-a', at });
  journal.emit({ type: 'powered-off', deviceId: 'cam-b', at });
  t.match(await events.waitFor({ type: 'powered-off' }), { deviceId: 'cam-a', seq: 1 });
  t.match(await events.waitFor({ type: 'powered-off' }), { deviceId: 'cam-b', seq: 2 }, 'the next wait gets the next one');
  const later = events.waitFor({ type: 'powered-off', timeoutMs: 1000 });
  journal.emit({ type: 'powered-off', deviceId: 'cam-c', at });
  t.match(await later, { deviceId: 'cam-c', seq: 3 }, 'or one that happens after the call');
});

t.test('filters: type (one or several), device, where; since', async (t) => {
  const journal = new EventJournal();
  const events = simulatorEvents(journal);
  journal.emit({ type: 'logged-in', deviceId: 'cam-a', at });
  journal.emit({ type: 'channel-state-changed', deviceId: 'nvr', at, channel: '1', status: 'connected' });
  journal.emit({ type: 'channel-state-changed', deviceId: 'nvr', at, channel: '1', status: 'offline' });
  t.match(await events.waitFor({ deviceId: 'nvr', where: (e) => e.status === 'offline' }), { seq: 3 });
  t.match(await events.waitFor({ type: ['logged-in', 'logged-out'], since: 0 }), { seq: 1 }, 'since overrides the cursor');
  t.same(events.list({ type: 'channel-state-changed' }).map((e) => e.seq), [2, 3]);
  t.same(events.list({ since: 2 }).map((e) => e.seq), [3]);
  t.equal(events.lastSeq, 3);
});

t.test('a timeout says what did happen; bad timeouts are refused', async (t) => {
  const journal = new EventJournal();
  const events = simulatorEvents(journal);
  await t.rejects(events.waitFor({ type: 'password-reset', timeoutMs: 10 }), /no event matching type password-reset within 10 ms \(nothing happened since #0\)/);
  journal.emit({ type: 'logged-in', deviceId: 'cam-a', at });
  await t.rejects(events.waitFor({ type: 'password-reset', deviceId: 'cam-a', timeoutMs: 10 }), /type password-reset, device cam-a within 10 ms \(since #0: logged-in@cam-a\)/);
  await t.rejects(events.waitFor({ timeoutMs: -1 }), RangeError);
});

t.test('skipToNow (after reset): only what happens from then on', async (t) => {
  const journal = new EventJournal();
  const events = simulatorEvents(journal);
  journal.emit({ type: 'powered-off', deviceId: 'cam-a', at });
  events.skipToNow();
  await t.rejects(events.waitFor({ type: 'powered-off', timeoutMs: 10 }));
  journal.emit({ type: 'powered-off', deviceId: 'cam-a', at });
  t.match(await events.waitFor({ type: 'powered-off' }), { seq: 2 });
});
