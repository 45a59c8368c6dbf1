import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectFile } from '../../protocol/project-files.js';

/**
 * docker-compose.yml and the Dockerfile, checked without a Docker engine: Debian's
 * docker-compose validates the file (`config -q`, as CI runs it), and the image's promises
 * (multi-stage, small base, non-root, HEALTHCHECK on /__sim/health) are read from the Dockerfile.
 * Whether the image's production install really runs is test/e2e-slow/production-install.test.ts.
 */
const composePath = projectFile('docker-compose.yml');
const compose = parse(readFileSync(composePath, 'utf8')) as { services: Record<string, Record<string, unknown>> };
const dockerfile = readFileSync(projectFile('Dockerfile'), 'utf8');
const hasDockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

t.test('docker-compose config -q accepts the file, with every profile', { skip: hasDockerCompose ? false : 'docker-compose is not installed (.ci/run installs it with apt-get)' }, async (t) => {
  for (const profiles of [[], ['--profile', 'demo'], ['--profile', 'lan']]) {
    const run = spawnSync('docker-compose', ['-f', composePath, ...profiles, 'config', '-q'], { encoding: 'utf8' });
    t.equal(run.status, 0, `config -q ${profiles.join(' ')}: ${run.stderr}`);
  }
  const merged = execFileSync('docker-compose', ['-f', composePath, '--profile', 'demo', 'config'], { encoding: 'utf8' });
  t.match(merged, /network_mode: service:vigi-sim/, 'the demo client shares the emulator\'s network namespace');
});

t.test('the emulator sends its mail to Mailpit and is healthy only when /__sim/health says so', async (t) => {
  const emulator = compose.services['vigi-sim']!;
  t.same((emulator.command as string[]).slice(-2), ['--smtp', 'smtp://mailpit:1025']);
  t.match(String(compose.services.mailpit!.image), /^axllent\/mailpit:/);
  t.match(JSON.stringify(emulator.healthcheck), /__sim\/health/);
  t.match(JSON.stringify(emulator.healthcheck), /Bearer/, 'the health check sends the token the control plane needs off loopback');
  t.same(emulator.ports, ['127.0.0.1:9090:9090'], 'the control plane is published on the host\'s loopback only');
  t.equal(compose.services['vigi-sim-lan']!.network_mode, 'host');
});

t.test('the Dockerfile: multi-stage, Node 20 on Alpine, non-root, HEALTHCHECK, scenarios under /scenarios', async (t) => {
  t.equal(dockerfile.match(/^FROM /gm)?.length, 2, 'two stages');
  t.ok(dockerfile.match(/^FROM (\S+)/gm)?.every((line) => line.includes('node:20-alpine')), 'node:20-alpine in both');
  t.match(dockerfile, /^USER node$/m);
  t.match(dockerfile, /^HEALTHCHECK .*\n\s+CMD .*__sim\/health/m);
  t.match(dockerfile, /--omit=dev/);
  t.match(dockerfile, /mkdir -p \/scenarios/);
  t.match(dockerfile, /^ENTRYPOINT \["node", "\/app\/bin\/vigi-sim\.js"\]$/m);
  for (const dir of ['bin', 'cli', 'devices', 'protocol', 'scenarios']) t.match(dockerfile, new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'), `copies ${dir}/`);
});

t.test('the compose examples in docs/ are valid compose files', { skip: hasDockerCompose ? false : 'docker-compose is not installed' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-sim-doc-compose-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const blocks = [...readFileSync(projectFile('docs/scaling.md'), 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  t.ok(blocks.length >= 1, 'docs/scaling.md has a compose example');
  blocks.forEach((block, index) => {
    const file = join(dir, `example-${index}.yml`);
    writeFileSync(file, block);
    const run = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { encoding: 'utf8' });
    t.equal(run.status, 0, `docs/scaling.md example ${index + 1}: ${run.stderr}`);
  });
});
