import t from 'tap';
import { isDurationText, parseDuration } from '../../scenarios/duration.js';

t.test('durations in milliseconds', async (t) => {
  const cases: [unknown, number | undefined][] = [
    [0, 0], ['0', 0], ['500ms', 500], ['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['1m30s', 90_000],
    ['301s', 301_000], ['1h1m1s1ms', 3_661_001], ['0s', 0],
    [30, undefined], ['30', undefined], ['30 parsecs', undefined], ['1s1m', undefined], ['1.5s', undefined], [null, undefined], ['', undefined],
    ['99999999999999999h', undefined],
  ];
  for (const [written, ms] of cases) t.equal(parseDuration(written), ms, JSON.stringify(written));
  t.ok(isDurationText('99999999999999999h'), 'too long is still written as a duration');
  t.notOk(isDurationText(0), 'the number 0 is not text');
});
