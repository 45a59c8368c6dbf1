import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { FlashRecord } from '../../../devices/kernel/flash-store.js';
import { md5Form } from '../../../devices/credentials/md5-form.js';
import { canonicalJson, FileFlashStore, isSafeDeviceId, recordChecksum } from '../../../protocol/state/file-flash-store.js';

const SECRET = md5Form('Cam#Secret1');
const camera: FlashRecord = {
  kind: 'camera',
  flash: {
    status: 'activated', adminMd5: SECRET, resetEmail: 'owner@example.test',
    questions: [{ question: 'First pet?', answerDigest: 'a'.repeat(64) }, { question: 'City?', answerDigest: 'b'.repeat(64) }],
  },
};
const nvr: FlashRecord = {
  kind: 'nvr',
  flash: { status: 'activated', adminMd5: md5Form('Nvr#Admin1') },
  channels: [
    { id: '1', ip: '127.77.0.1', port: 8443, uuid: 'uuid-1', mac: '40-AE-30-00-00-01', model: 'C540V', name: 'Front', username: 'admin', md5: SECRET },
    { id: '3', ip: '127.77.0.3', port: 8443, uuid: 'uuid-3', mac: '40-AE-30-00-00-03', model: 'C440', name: 'Lobby', username: 'admin', md5: md5Form('old') },
  ],
};

const made: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-flash-'));
  made.push(dir);
  return dir;
};
t.teardown(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function openOk(dir: string) {
  const opened = await FileFlashStore.open(dir);
  if (!opened.ok) throw new Error(`open failed:\n${opened.problems.join('\n')}`);
  return opened;
}

async function problemsOf(dir: string): Promise<string[]> {
  const opened = await FileFlashStore.open(dir);
  if (opened.ok) throw new Error('open should have failed');
  return opened.problems;
}

/** A pid that no process has any more: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid ?? 4_194_305;
}

t.test('open creates a missing directory; an empty one has no records', async (t) => {
  const dir = join(tempDir(), 'a', 'b');
  const opened = await openOk(dir);
  t.equal(opened.records.size, 0);
  t.ok(statSync(dir).isDirectory());
  t.equal(opened.store.dir, dir);
});

t.test('camera and NVR records round-trip through save and open', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  await store.save('cam-front', camera);
  await store.save('nvr-main', nvr);
  t.same(readdirSync(dir).sort(), ['cam-front.json', 'nvr-main.json'], 'no temp file left behind');
  const reopened = await openOk(dir);
  t.same(reopened.records.get('cam-front'), camera);
  t.same(reopened.records.get('nvr-main'), nvr);

  const file = JSON.parse(readFileSync(join(dir, 'nvr-main.json'), 'utf8'));
  t.match(file, { format: 'vigi-sim-flash', version: 1, deviceId: 'nvr-main', sha256: /^[0-9a-f]{64}$/ });
  t.equal(file.sha256, recordChecksum(nvr), 'sha256 covers the canonical JSON of the record');
  t.equal(statSync(join(dir, 'nvr-main.json')).mode & 0o777, 0o600, 'credential hashes are readable by the owner only');
});

t.test('a later save replaces the earlier one; undefined fields are dropped as JSON drops them', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  await store.save('cam-a', camera);
  await store.save('cam-a', { kind: 'camera', flash: { status: 'activated', adminMd5: md5Form('x'), resetEmail: undefined } as never });
  t.same((await openOk(dir)).records.get('cam-a'), { kind: 'camera', flash: { status: 'activated', adminMd5: md5Form('x') } });
  await store.save('cam-a', { kind: 'camera', flash: { status: 'factory-fresh' } });
  t.same((await openOk(dir)).records.get('cam-a'), { kind: 'camera', flash: { status: 'factory-fresh' } });
});

t.test('canonical JSON sorts keys at every depth, so key order does not change the checksum', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } }), '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
  t.equal(recordChecksum({ kind: 'camera', flash: { status: 'factory-fresh' } }), recordChecksum({ flash: { status: 'factory-fresh' }, kind: 'camera' }));
});

t.test('concurrent saves of one device run in order; the last one wins and no temp file remains', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  const passwords = Array.from({ length: 25 }, (_, i) => md5Form(`Pass#${i}`));
  await Promise.all(passwords.map((adminMd5, i) => store.save(i % 2 ? 'cam-odd' : 'cam-even', { kind: 'camera', flash: { status: 'activated', adminMd5 } })));
  const records = (await openOk(dir)).records;
  t.same(records.get('cam-even'), { kind: 'camera', flash: { status: 'activated', adminMd5: passwords[24] } });
  t.same(records.get('cam-odd'), { kind: 'camera', flash: { status: 'activated', adminMd5: passwords[23] } });
  t.same(readdirSync(dir).sort(), ['cam-even.json', 'cam-odd.json']);
});

t.test('device ids must be safe file names', async (t) => {
  for (const id of ['cam-front', 'nvr_1', 'A1', 'x'.repeat(128)]) t.ok(isSafeDeviceId(id), id);
  for (const id of ['', '../evil', 'a/b', '.hidden', '-dash', 'a.json', 'con', 'NUL', 'lpt1', 'with space', 'x'.repeat(129), 'caméra']) t.notOk(isSafeDeviceId(id), JSON.stringify(id));
  const dir = tempDir();
  const { store } = await openOk(dir);
  await t.rejects(store.save('../evil', camera), /cannot be a state file name/);
  await t.rejects(store.save('a/b', camera), /cannot be a state file name/);
  t.same(readdirSync(dir), []);
});

t.test('a record that is not a flash record is refused before anything is written, without its secrets', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  const bad = { kind: 'camera', flash: { status: 'activated', adminMd5: SECRET.toLowerCase() } } as unknown as FlashRecord;
  const error = await store.save('cam-x', bad).then(() => undefined, (e: unknown) => e as Error);
  t.match(error?.message, /record\.flash\.adminMd5: must be 32 upper-case hex digits/);
  t.notMatch(error?.message, SECRET.toLowerCase());
  t.same(readdirSync(dir), []);
});

t.test('a save that cannot be written rejects naming the file, and leaves no temp file', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  await store.save('cam-front', camera);
  rmSync(dir, { recursive: true });
  const error = await store.save('cam-front', camera).then(() => undefined, (e: unknown) => e as Error);
  t.match(error?.message, `could not write ${join(dir, 'cam-front.json')} (ENOENT)`);
  t.notMatch(error?.message, SECRET);
});

t.test('every kind of damage fails the whole open, names the file and what is wrong, and replaces nothing', async (t) => {
  const cases: [string, (text: string) => string, RegExp][] = [
    ['truncated', (text) => text.slice(0, Math.floor(text.length / 2)), /: is not valid JSON \(at offset \d+ of \d+\): truncated or damaged$|: is not valid JSON: truncated or damaged$/],
    ['a flipped byte in the record', (text) => text.replace(SECRET, SECRET.slice(0, 10) + (SECRET[10] === 'A' ? 'B' : 'A') + SECRET.slice(11)), /: checksum mismatch: the record does not match its sha256/],
    ['garbage', () => '\u0000\u0001garbage\u00ff', /: is not valid JSON/],
    ['empty', () => '', /: is empty: truncated or damaged$/],
    ['another device\'s file', (text) => text.replace('"deviceId": "cam-front"', '"deviceId": "cam-other"'), /: holds the state of device "cam-other", not of "cam-front" as its name says$/],
    ['a newer version', (text) => text.replace('"version": 1', '"version": 2'), /: has state format version 2; this vigi-sim reads version 1$/],
    ['another format', (text) => text.replace('"format": "vigi-sim-flash"', '"format": "other"'), /: is not a vigi-sim state file \("format" is not "vigi-sim-flash"\)$/],
    ['a JSON array', () => '[]', /: is not a vigi-sim state file \(not a JSON object\)$/],
    ['no checksum', (text) => text.replace(/"sha256": "[0-9a-f]+"/, '"sha256": "none"'), /: has no valid "sha256"/],
  ];
  for (const [name, damage, expected] of cases) {
    const dir = tempDir();
    const { store } = await openOk(dir);
    await store.save('cam-front', camera);
    await store.save('nvr-main', nvr);
    const file = join(dir, 'cam-front.json');
    const damaged = damage(readFileSync(file, 'utf8'));
    writeFileSync(file, damaged);
    const problems = await problemsOf(dir);
    t.equal(problems.length, 1, `${name}: one problem`);
    t.ok(problems[0]?.startsWith(`${file}: `), `${name}: names the full path`);
    t.match(problems[0], expected, name);
    t.notMatch(problems.join('\n'), SECRET, `${name}: no secret in the message`);
    t.equal(readFileSync(file, 'utf8'), damaged, `${name}: the damaged file is left as it was`);
    t.same(readdirSync(dir).sort(), ['cam-front.json', 'nvr-main.json'], `${name}: nothing added or removed`);
  }
});

t.test('a well-formed file whose record is not a flash record is refused, field by field', async (t) => {
  const dir = tempDir();
  const record = { kind: 'nvr', flash: { status: 'activated', adminMd5: SECRET }, channels: [{ id: 1, port: 'x' }] };
  writeFileSync(join(dir, 'nvr-x.json'), JSON.stringify({ format: 'vigi-sim-flash', version: 1, deviceId: 'nvr-x', record, sha256: recordChecksum(record) }));
  const problems = await problemsOf(dir);
  t.match(problems, [
    `${join(dir, 'nvr-x.json')}: not a flash record: record.channels[0].id: must be a string`,
    /record\.channels\[0\]\.ip: must be a string/,
  ]);
  t.ok(problems.some((p) => p.endsWith('record.channels[0].port: must be a port number')));
});

t.test('several damaged files: one problem each; odd entries are reported, other files ignored', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  await store.save('cam-front', camera);
  writeFileSync(join(dir, 'cam-a.json'), 'nope');
  writeFileSync(join(dir, 'cam b.json'), '{}');
  mkdirSync(join(dir, 'cam-dir.json'));
  writeFileSync(join(dir, 'README.txt'), 'notes');
  const problems = await problemsOf(dir);
  t.same(problems.map((p) => p.slice(dir.length + 1).split(':')[0]), ['cam b.json', 'cam-a.json', 'cam-dir.json']);
  t.match(problems[0], /is not a state file name/);
  t.match(problems[2], /is not a regular file/);
});

t.test('temp files of a crashed writer are ignored and removed; a live writer\'s are left alone', async (t) => {
  const dir = tempDir();
  const { store } = await openOk(dir);
  await store.save('cam-front', camera);
  const dead = deadPid();
  writeFileSync(join(dir, `cam-front.json.tmp-${dead}-7`), '{"format":"vigi-sim-fl');
  writeFileSync(join(dir, `cam-new.json.tmp-${dead}-1`), '');
  const live = `cam-front.json.tmp-${process.pid}-99`;
  writeFileSync(join(dir, live), 'half');
  const opened = await openOk(dir);
  t.same([...opened.records.keys()], ['cam-front']);
  t.same(opened.records.get('cam-front'), camera, 'the last complete save is what counts');
  t.same(readdirSync(dir).sort(), ['cam-front.json', live]);
});

t.test('a directory that cannot be written is refused at open, not at the first change', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, async (t) => {
  const dir = tempDir();
  chmodSync(dir, 0o500);
  t.teardown(() => chmodSync(dir, 0o700));
  t.match(await problemsOf(dir), [`${dir}: the state directory is not writable, so no change could be saved`]);
});

t.test('a path that is a file is refused', async (t) => {
  const file = join(tempDir(), 'plain');
  writeFileSync(file, 'x');
  t.match(await problemsOf(file), [new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the state directory cannot be (created|read) \\((EEXIST|ENOTDIR)\\)$`)]);
});
