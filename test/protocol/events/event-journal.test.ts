import t from 'tap';
import { EventJournal } from '../../../protocol/events/event-journal.js';

const event = (n: number) => ({ type: 'login-succeeded', deviceId: `cam-${n}`, at: n });

t.test('entries are numbered in order; since and limit pick from the end', async (t) => {
  const journal = new EventJournal(100);
  for (let n = 1; n <= 10; n++) journal.emit(event(n) as never);
  t.equal(journal.lastSeq, 10);
  t.same(journal.recent().map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.same(journal.recent({ since: 7 }).map((e) => e.seq), [8, 9, 10]);
  t.same(journal.recent({ since: 10 }), []);
  t.same(journal.recent({ since: 99 }), [], 'a since in the future: nothing');
  t.same(journal.recent({ since: -5, limit: 2 }).map((e) => e.seq), [9, 10]);
  t.same(journal.recent({ since: 3, limit: 2 }).map((e) => e.seq), [9, 10]);
});

t.test('bounded: only the last `limit` entries are ever returned, however many came', async (t) => {
  const journal = new EventJournal(8);
  for (let n = 1; n <= 1000; n++) {
    journal.emit(event(n) as never);
    const kept = journal.recent();
    if (kept.length > 8 || kept[kept.length - 1]?.seq !== n) {
      t.fail(`after ${n}: ${kept.map((e) => e.seq).join(',')}`);
      return;
    }
  }
  t.same(journal.recent().map((e) => e.seq), [993, 994, 995, 996, 997, 998, 999, 1000]);
  t.same(journal.recent({ since: 2 }).map((e) => e.seq), [993, 994, 995, 996, 997, 998, 999, 1000], 'what was dropped is not replayed');
  t.same(journal.recent({ since: 998 }).map((e) => e.seq), [999, 1000]);
});

t.test('a subscriber hears each entry; a broken one stops neither the journal nor the others', async (t) => {
  const journal = new EventJournal();
  const heard: number[] = [];
  journal.subscribe(() => { throw new Error('broken'); });
  const unsubscribe = journal.subscribe((entry) => heard.push(entry.seq));
  journal.emit(event(1) as never);
  unsubscribe();
  journal.emit(event(2) as never);
  t.same(heard, [1]);
  t.equal(journal.lastSeq, 2);
});
