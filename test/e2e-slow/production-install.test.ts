import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectFile } from '../../protocol/project-files.js';

/**
 * What the Docker image does, without a Docker engine (none runs here): the files the
 * Dockerfile copies, production dependencies only (`npm ci --omit=dev --ignore-scripts`), the
 * compile step, `vigi-sim up` configured by the image's environment, and the image's own
 * HEALTHCHECK command. Catches a runtime import of a dev dependency, a file the image forgets,
 * or a health check that cannot pass. Slow (an npm install): `npm run test:slow`.
 */
t.setTimeout(5 * 60_000);
const dockerfile = readFileSync(projectFile('Dockerfile'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'vigi-sim-image-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('a production install starts the quickstart and passes the image\'s HEALTHCHECK', async (t) => {
  const copied = [...dockerfile.matchAll(/^COPY (?!--from)(\S+(?: \S+)*) \S+$/gm)].flatMap((m) => m[1]!.split(' '));
  t.ok(copied.includes('package-lock.json') && copied.includes('protocol'), `the Dockerfile copies ${copied.join(', ')}`);
  for (const entry of copied) if (existsSync(projectFile(entry))) cpSync(projectFile(entry), join(dir, entry), { recursive: true });
  const install = spawnSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 180_000 });
  t.equal(install.status, 0, install.status === 0 ? 'npm ci --omit=dev' : `npm ci --omit=dev failed: ${install.stderr.slice(-800)}`);
  const compile = spawnSync(process.execPath, ['bin/vigi-sim.js', '--version'], { cwd: dir, encoding: 'utf8' });
  t.equal(compile.stdout.trim(), JSON.parse(readFileSync(projectFile('package.json'), 'utf8')).version);
  t.ok(existsSync(join(dir, 'dist')), 'compiled at build time');

  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const env = { ...process.env, VIGI_SIM_CONTROL: `127.0.0.1:${port}`, VIGI_SIM_TOKEN: 'image-token', NODE_ENV: 'production' };
  const child = spawn(process.execPath, ['bin/vigi-sim.js', 'up', 'scenarios/quickstart.yaml', '--mdns-port', String(port + 1), '--wsd-port', String(port + 2), '--device-ports', '0,0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  t.teardown(() => { child.kill('SIGKILL'); });

  const healthcheck = /^HEALTHCHECK[^\n]*\n\s+CMD node -e "(.*)"$/m.exec(dockerfile)?.[1];
  t.ok(healthcheck, 'the HEALTHCHECK runs node -e');
  let healthy = false;
  for (let attempt = 0; attempt < 100 && !healthy; attempt++) {
    healthy = spawnSync(process.execPath, ['-e', healthcheck!], { env, timeout: 5000 }).status === 0;
    if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  t.ok(healthy, `the image's HEALTHCHECK passes\n${output}`);
  const noToken = spawnSync(process.execPath, ['-e', healthcheck!], { env: { ...env, VIGI_SIM_TOKEN: '' }, timeout: 5000 });
  t.not(noToken.status, 0, 'and fails without the token');

  const devices = (await (await fetch(`http://127.0.0.1:${port}/__sim/devices`, { headers: { authorization: 'Bearer image-token' } })).json()) as { id: string; ip: string; ports: { https: number } }[];
  const camera = devices.find((d) => d.id === 'cam-front')!;
  const reply = await new Promise<string>((resolve, reject) => {
    const request = https.request({ host: camera.ip, port: camera.ports.https, method: 'POST', path: '/', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.end('{"method":"do","user_management":{"get_encrypt_info":null}}');
  });
  t.match(reply, /"error_code":-40401.*"nonce"/, 'a camera answers the login challenge over HTTPS (certificates from production dependencies)');
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.equal(code, 0, 'SIGTERM: exit 0');
});
