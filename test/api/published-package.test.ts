import t from 'tap';
import { join } from 'node:path';
import { consumerProject, projectRoot, run } from './consumer-project.js';

// `import { startSimulator } from 'vigi-sim'` as a user's project does it: no build step of
// theirs, plain JavaScript run by node, and TypeScript checked by tsc with nodenext resolution.

const tsc = join(projectRoot, 'node_modules', '.bin', 'tsc');
t.setTimeout(300_000);

const consumerJs = `
import { startSimulator, VigiWebClient } from 'vigi-sim';
const sim = await startSimulator();
try {
  const camera = sim.client('cam-front');
  const login = await camera.login('Vigi#Admin1');
  console.log(JSON.stringify({ controlUrl: sim.controlUrl, login: login.error_code, client: camera instanceof VigiWebClient }));
} finally {
  await sim.close();
}
`;

const consumerTs = `
import { startSimulator, type Simulator, type SimulatorOptions, type MailMessage, type Reply } from 'vigi-sim';

const options: SimulatorOptions = { cameras: 2, nvrs: 1, seed: 7 };
const sim: Simulator = await startSimulator(options);
const reply: Reply = await sim.client('cam-1', { scheme: 'http' }).login('Vigi#Admin1');
const off = await sim.fault('cam-1', 'power-off');
await off.clear();
const mail: Promise<MailMessage> = sim.mail.waitFor({ to: 'cam-1@example.test', timeoutMs: 10 });
mail.catch(() => undefined);
const now: number = await sim.clock.advance(1000);
console.log(reply.error_code, now, sim.devices.map((device) => device.ports.https));
await sim.close();
`;

const tsconfig = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: ['node'], skipLibCheck: true },
  include: ['*.ts'],
});

t.test('plain JavaScript imports vigi-sim, starts a simulator and logs in', async (t) => {
  const project = consumerProject();
  t.teardown(project.remove);
  project.write('consumer.mjs', consumerJs);
  const result = await run(process.execPath, ['consumer.mjs'], project.dir);
  t.equal(result.code, 0, result.stderr);
  const line = result.stdout.trim().split('\n').pop() ?? '';
  t.match(JSON.parse(line), { controlUrl: /^http:\/\/127\.0\.0\.1:\d+$/, login: 0, client: true });
});

t.test('TypeScript (nodenext) type-checks against the published types', async (t) => {
  const project = consumerProject({ links: ['@types/node'], ownTypes: true });
  t.teardown(project.remove);
  // What `prepare` does on install (npm install in a clone, a git dependency, npm pack).
  const built = await run(process.execPath, [join(projectRoot, 'scripts', 'build-types.js'), join(project.packageDir, 'dist-types')], projectRoot, 180_000);
  t.equal(built.code, 0, `build-types: ${built.stdout}${built.stderr}`);
  project.write('tsconfig.json', tsconfig);
  project.write('consumer.ts', consumerTs);
  const good = await run(tsc, ['--noEmit', '-p', '.'], project.dir, 120_000);
  t.equal(good.code, 0, `tsc: ${good.stdout}${good.stderr}`);

  // The types are real ones, not `any`: misuse is caught.
  project.write('misuse.ts', `
import { startSimulator } from 'vigi-sim';
const sim = await startSimulator({ cameras: 1, scenaro: 'x.yaml' });
await sim.fault('cam-1', 'power-of');
`);
  const bad = await run(tsc, ['--noEmit', '-p', '.'], project.dir, 120_000);
  t.not(bad.code, 0);
  t.match(bad.stdout, /misuse\.ts\(3,[^)]*\): error TS\d+:.*scenaro/);
  t.match(bad.stdout, /misuse\.ts\(4,\d+\): error TS\d+:[\s\S]*'"power-of"'/);
});

t.test('index.js publishes exactly the runtime names of protocol/simulator/index.ts', async (t) => {
  const sources = await import('../../protocol/simulator/index.js');
  const published = await import(join(projectRoot, 'index.js'));
  t.same(Object.keys(published).sort(), Object.keys(sources).sort());
  if (!process.env.VIGI_SIM_NO_COMPILE) t.not(published.VigiWebClient, sources.VigiWebClient, 'index.js loaded the compiled copy, not the sources');
});
