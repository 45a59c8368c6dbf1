import t from 'tap';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { consumerProject, projectRoot, run } from './consumer-project.js';

// The README's examples (examples/*.test.mjs) run as a user's project runs them: copied into a
// project of their own, `vigi-sim` resolved from its node_modules, plain node, no tsx.

t.setTimeout(240_000);
const example = (name: string) => join(projectRoot, 'examples', name);

t.test('the tap example passes', async (t) => {
  const project = consumerProject({ links: ['tap'] });
  t.teardown(project.remove);
  copyFileSync(example('tap.test.mjs'), join(project.dir, 'tap.test.mjs'));
  const result = await run(process.execPath, ['tap.test.mjs'], project.dir, 120_000);
  t.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  t.match(result.stdout, /# \{ total: \d+, pass: \d+ \}/);
  t.notMatch(result.stdout, /fail: [1-9]/);
});

t.test('the node:test example passes', async (t) => {
  const project = consumerProject();
  t.teardown(project.remove);
  copyFileSync(example('node-test.test.mjs'), join(project.dir, 'node-test.test.mjs'));
  const result = await run(process.execPath, ['--test', 'node-test.test.mjs'], project.dir, 120_000);
  t.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  t.match(result.stdout, /# pass 2\b/);
  t.match(result.stdout, /# fail 0\b/);
});

t.test('the vitest example passes', async (t) => {
  const project = consumerProject({ links: ['vitest'] });
  t.teardown(project.remove);
  copyFileSync(example('vitest.test.mjs'), join(project.dir, 'vitest.test.mjs'));
  const vitest = join(project.dir, 'node_modules', 'vitest', 'vitest.mjs');
  const result = await run(process.execPath, [vitest, 'run', 'vitest.test.mjs', '--reporter', 'verbose', '--no-color'], project.dir, 120_000);
  t.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  t.match(result.stdout, /Tests\s+2 passed \(2\)/);
  t.notMatch(`${result.stdout}${result.stderr}`, /warning/i, 'vite has nothing to warn about in the package entry');
});
