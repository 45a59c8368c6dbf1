import t from 'tap';
import { ManualClock } from '../../../devices/kernel/clock.js';
import { Mailbox } from '../../../protocol/mail/mailbox.js';

const mail = (n: number, to = 'a@example.com') => ({
  to, from: 'noreply@tp-link.com', subject: `code ${n}`, text: `text ${n}`, html: `<p>${n}</p>`,
});

t.test('list is newest first and clear empties it', async (t) => {
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const box = new Mailbox({ clock });
  box.add(mail(1));
  clock.advance(1000);
  const second = box.add(mail(2));
  t.same(box.list().map((m) => m.subject), ['code 2', 'code 1']);
  t.equal(second.date, '2026-01-01T00:00:01.000Z', 'date comes from the injected clock');
  t.not(box.list()[0]?.id, box.list()[1]?.id, 'ids are unique');
  t.ok(Object.isFrozen(second), 'stored mails cannot be altered by readers');
  box.clear();
  t.same(box.list(), []);
  t.equal(box.add(mail(3)).id, '3', 'ids keep counting after clear');
});

t.test('retention keeps only the newest mails', async (t) => {
  const box = new Mailbox({ limit: 3 });
  for (let n = 1; n <= 5; n += 1) box.add(mail(n));
  t.same(box.list().map((m) => m.subject), ['code 5', 'code 4', 'code 3']);
  t.throws(() => new Mailbox({ limit: 0 }), RangeError);
});

t.test('find looks at stored mail, newest match first', async (t) => {
  const box = new Mailbox();
  box.add(mail(1, 'x@example.com'));
  box.add(mail(2, 'y@example.com, X@Example.com'));
  box.add(mail(3, 'z@example.com'));
  t.equal(box.find({ to: 'x@example.com' })?.subject, 'code 2', 'address match is per address, case-insensitive');
  t.equal(box.find({ subject: /code [13]/ })?.subject, 'code 3');
  t.equal(box.find({ subject: 'code' }), undefined, 'a string subject matches exactly');
  t.equal(box.find({ to: 'example.com' }), undefined, 'a string address is not a substring match');
  const global = /code 1/g;
  t.ok(box.find({ subject: global }) && box.find({ subject: global }), 'a /g regexp gives stable results');
});

t.test('waitFor resolves with the next matching mail only', async (t) => {
  const box = new Mailbox();
  box.add(mail(0, 'reset@example.com'));
  const next = box.waitFor({ to: 'reset@example.com', subject: /code/ }, { timeoutMs: 2000 });
  box.add(mail(1, 'other@example.com'));
  box.add(mail(2, 'reset@example.com'));
  t.equal((await next).subject, 'code 2', 'mail that arrived before the call is not returned');
});

t.test('waitFor times out with a message naming the filter', async (t) => {
  const box = new Mailbox();
  const started = Date.now();
  await t.rejects(box.waitFor({ to: 'nobody@example.com' }, { timeoutMs: 50 }),
    /no mail matching \{ to=nobody@example\.com \} arrived within 50 ms/);
  t.ok(Date.now() - started < 1000);
  await t.rejects(box.waitFor({}, { timeoutMs: Number.NaN }), RangeError);
});

t.test('onMail notifies until unsubscribed, and a throwing listener harms no one', async (t) => {
  const box = new Mailbox();
  const seen: string[] = [];
  box.onMail(() => { throw new Error('bad listener'); });
  const off = box.onMail((m) => seen.push(m.subject));
  box.add(mail(1));
  off();
  box.add(mail(2));
  t.same(seen, ['code 1']);
  t.equal(box.size, 2);
});
