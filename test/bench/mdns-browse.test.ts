import t from 'tap';
import { run } from '../../bench/mdns-browse.js';
import { missingTools } from '../../bench/mdns-avahi.js';

/**
 * The mDNS browse benchmark as a smoke test: `{ quick: true }` (50 cameras, one run per client)
 * through the same code paths as the full run. Shape and completeness only, never timing.
 */
const missing = [...missingTools(), ...missingTools(['ip'])];
const skip = process.getuid?.() !== 0 ? 'needs root for ip netns'
  : missing.length > 0 ? `needs ${missing.join(', ')} (apt-get install -y avahi-daemon avahi-utils dbus)` : false;

t.test('quick mDNS browse benchmark: avahi-browse and browseVigi see every device', { skip, timeout: 60_000 }, async (t) => {
  const lines: string[] = [];
  const result = await run({ quick: true, log: (line) => lines.push(line) });
  t.match(result, { title: String, command: String, method: String, tables: Array, targets: Array, notes: Array });
  const [table] = result.tables;
  t.ok(table, 'one table');
  const column = (name: string): number => table!.headers.indexOf(name);
  t.ok(table!.rows.some((row) => row[0]!.startsWith('avahi')), 'an avahi-browse run');
  t.ok(table!.rows.some((row) => row[0]!.startsWith('vigi-sim')), 'a browseVigi run');
  for (const row of table!.rows) {
    t.equal(row[column('services')], '50 / 50', `${row[0]} run ${row[1]} saw every device`);
    t.not(row[column('query → all resolved')], 'incomplete', `${row[0]} resolved every device`);
  }
  const size = result.targets.find((target) => target.name.includes('RFC 6762'));
  t.equal(size?.met, true, `packets within the limit: ${size?.measured}`);
  t.ok(lines.some((line) => line.includes('avahi run 1')), 'progress lines logged');
});
