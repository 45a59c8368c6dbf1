import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// docs/control-plane.md lists every event type the sources emit, and no other: what a test
// waits for (sim.events.waitFor, GET /__sim/events) must be findable there.
const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

const emitted = new Set<string>();
for (const file of [...sources(join(root, 'devices')), ...sources(join(root, 'protocol'))]) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/emit\('([a-z-]+)'/g)) emitted.add(match[1]!);
  for (const match of text.matchAll(/emit\(\{ type: '([a-z-]+)'/g)) emitted.add(match[1]!);
  for (const match of text.matchAll(/emit\(input\.internet \? '([a-z-]+)' : '([a-z-]+)'\)/g)) emitted.add(match[1]!).add(match[2]!);
}
// Not journal events: a server's 'connection' event, and the mDNS ones built from the change name.
emitted.delete('connection');
for (const change of ['announced', 'goodbye', 'silenced']) emitted.add(`mdns-${change}`);

const doc = readFileSync(join(root, 'docs/control-plane.md'), 'utf8');
const table = doc.slice(doc.indexOf('### Event types'), doc.indexOf('\nFaults ('));
const documented = new Set([...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!)));

t.ok(emitted.size > 30, `${emitted.size} event types found in the sources`);
for (const type of [...emitted].sort()) t.ok(documented.has(type), `${type} is documented`);
for (const type of [...documented].sort()) t.ok(emitted.has(type), `${type} is emitted somewhere`);
