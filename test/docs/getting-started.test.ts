import t from 'tap';
import { readFileSync } from 'node:fs';
import { runToEnd } from '../helpers/run-to-end.js';
import { startTestEmulator } from '../helpers/emulator-fixture.js';
import { differences } from './protocol-examples.js';
import { codeBlocks } from './markdown-blocks.js';

/**
 * docs/getting-started.md, run: every ```` ```sh ```` block in order in one bash (so variables
 * carry over), against the quickstart on free ports (`SIM` and `PORT` point the guide at it),
 * and each ```` ```text ```` block after one must be what it printed: JSON lines match
 * structurally (`"<varies>"` markers allowed), other lines literally.
 */
const markdown = readFileSync(new URL('../../docs/getting-started.md', import.meta.url), 'utf8');

const blocks = codeBlocks(markdown, 'sh').map(({ code, output, line }) => ({ line, script: code, ...(output !== undefined ? { expected: output.trimEnd().split('\n') } : {}) }));
t.setTimeout(300_000);

t.test('the guide has its shell blocks, most with their output', async (t) => {
  t.ok(blocks.length >= 12, `${blocks.length} shell blocks`);
  t.ok(blocks.filter((b) => b.expected).length >= 12, 'with shown output');
  for (const flow of ['Activating', 'by email', 'VIGI app', 'security questions', 'technical support', 'through the NVR', 'NVR\'s camera passwords']) {
    t.match(markdown, new RegExp(`## .*${flow}`), `a section on ${flow}`);
  }
});

t.test('every command in the guide does what it shows', async (t) => {
  const fx = await startTestEmulator();
  t.teardown(() => fx.emulator.close());
  const port = String(fx.device('cam-front').ports.https);
  const script = ['set -e', ...blocks.map((block, i) => `echo "@@block ${i}@@"\n${block.script}`), 'echo "@@end@@"'].join('\n');
  const run = await runToEnd('bash', ['-c', script], { env: { ...process.env, SIM: fx.emulator.controlUrl, PORT: port }, timeoutMs: 240_000 });
  t.equal(run.code, 0, `the guide runs to the end${run.code === 0 ? '' : `: ${run.stderr.slice(-2000)}`}`);
  t.match(run.stdout, /@@end@@/, 'every block ran');

  const outputs = run.stdout.split(/^@@block (\d+)@@\n/m);
  const byBlock = new Map<number, string>();
  for (let i = 1; i < outputs.length; i += 2) byBlock.set(Number(outputs[i]), outputs[i + 1]!.replace(/@@end@@\n?$/, ''));
  blocks.forEach((block, i) => {
    if (!block.expected) return;
    const actual = (byBlock.get(i) ?? '').trimEnd().split('\n');
    const where = `getting-started.md line ${block.line}`;
    t.equal(actual.length, block.expected.length, `${where}: ${block.expected.length} lines of output (got ${JSON.stringify(actual)})`);
    block.expected.forEach((want, j) => {
      const got = actual[j] ?? '';
      let documented: unknown;
      try {
        documented = want.startsWith('{') || want.startsWith('[') ? JSON.parse(want) : undefined;
      } catch {
        documented = undefined;
      }
      if (documented === undefined) {
        t.equal(got, want, `${where}, output line ${j + 1}`);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(got);
      } catch {
        parsed = got;
      }
      t.same(differences(documented, parsed), [], `${where}, output line ${j + 1} matches`);
    });
  });
});
