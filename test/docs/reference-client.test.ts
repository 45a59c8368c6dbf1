import t from 'tap';
import { readFileSync } from 'node:fs';
import { consumerProject, run } from '../api/consumer-project.js';
import { codeBlocks } from './markdown-blocks.js';

/**
 * docs/reference-client.md, run: every ```` ```js ```` block is a complete program, run as a
 * user runs it (its own project, `vigi-sim` resolved from node_modules, plain node, no tsx),
 * and the ```` ```text ```` block after it is exactly what it must print. No other code block
 * may appear, so nothing in the guide goes unchecked.
 */
const markdown = readFileSync(new URL('../../docs/reference-client.md', import.meta.url), 'utf8');

const blocks = codeBlocks(markdown, 'js').map(({ code, output, line }) => ({ line, program: code, ...(output !== undefined ? { expected: output } : {}) }));
t.setTimeout(300_000);

t.test('the guide is js programs with their output, and nothing else in a code fence', async (t) => {
  t.ok(blocks.length >= 7, `${blocks.length} programs`);
  t.ok(blocks.every((block) => block.expected !== undefined), 'each shows what it prints');
  const fences = markdown.match(/^```.*$/gm) ?? [];
  t.equal(fences.length, blocks.length * 4, 'every fence opens or closes a checked js or text block');
  for (const section of ['by email', 'VIGI app', 'security questions', 'technical support', 'An NVR']) t.match(markdown, new RegExp(`## .*${section}`), `a section on ${section}`);
  for (const block of blocks) t.match(block.program, /from 'vigi-sim'/, `line ${block.line} imports the published package`);
});

t.test('every program prints what the guide shows', async (t) => {
  const project = consumerProject();
  t.teardown(project.remove);
  for (const [i, block] of blocks.entries()) {
    const file = `block-${i + 1}.mjs`;
    project.write(file, block.program);
    const result = await run(process.execPath, [file], project.dir, 60_000);
    const where = `reference-client.md line ${block.line}`;
    t.equal(result.code, 0, `${where} runs${result.code === 0 ? '' : `: ${result.stderr.slice(-2000)}`}`);
    t.equal(result.stdout, block.expected, `${where} prints what the guide shows`);
  }
});
