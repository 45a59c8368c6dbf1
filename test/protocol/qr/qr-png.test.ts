import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import t from 'tap';
import { qrPngBase64, renderQrPng } from '../../../protocol/qr/qr-png.js';

t.setTimeout(30_000);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:._-';

/** Deterministic payloads (mulberry32), so a failure reproduces. */
function payload(length: number, seed: number): string {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
  return Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
}

function decode(png: Buffer): { text: string | undefined; width: number; height: number } {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS with an ES-style .d.ts: under NodeNext its function is `.default`.
  const found = jsQR.default(new Uint8ClampedArray(image.data), image.width, image.height);
  return { text: found?.data, width: image.width, height: image.height };
}

const payloads = [
  'VIGI:QR:1:C540:3C52A1B2C3D4:1767225600:abcdef',
  payload(200, 1), payload(256, 2), payload(317, 3), payload(400, 4),
];

t.test('jsQR reads back the exact payload, ~300 px PNG', async (t) => {
  for (const text of payloads) {
    const png = await renderQrPng(text);
    t.same(png.subarray(0, 8), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'PNG signature');
    const got = decode(png);
    t.equal(got.text, text, `${text.length} characters round-trip`);
    t.equal(got.width, got.height, 'square');
    t.ok(got.width >= 250 && got.width <= 360, `about 300 px (${got.width})`);
  }
});

t.test('base64 form is the same PNG', async (t) => {
  const text = payload(300, 9);
  const b64 = await qrPngBase64(text);
  t.match(b64, /^[A-Za-z0-9+/]+=*$/, 'plain base64, no data: prefix');
  t.equal(decode(Buffer.from(b64, 'base64')).text, text);
});

t.test('empty and oversized payloads are refused', async (t) => {
  await t.rejects(renderQrPng(''), /empty/);
  await t.rejects(renderQrPng('x'.repeat(5000)), /too big|amount of data/i);
});

const zbarMissing = (await run('zbarimg', ['--version'])).error !== null;
const skipZbar = zbarMissing ? 'zbarimg is not installed (Debian: apt-get install zbar-tools)' : false;

t.test('zbarimg, an independent reader, agrees', { skip: skipZbar }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'vigi-qr-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const [i, text] of payloads.entries()) {
    const file = join(dir, `qr-${i}.png`);
    await writeFile(file, await renderQrPng(text));
    const out = await run('zbarimg', ['-q', '--raw', file]);
    t.equal(out.stdout.replace(/\n$/, ''), text, `zbarimg reads ${text.length} characters`);
  }
});

function run(cmd: string, args: string[]): Promise<{ error: Error | null; stdout: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 10_000 }, (error, stdout) => resolve({ error, stdout: String(stdout) }));
  });
}
