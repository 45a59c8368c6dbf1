import t from 'tap';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectFile } from '../../protocol/project-files.js';

/**
 * `vigi-sim compose` without a Docker engine (none runs here): each service of the generated
 * file becomes a network namespace of the test's own (its "container"), joined to the others
 * through a bridge in one more namespace, at the address the file gives it, running the
 * service's command. Shows that one device per process, each at its own address, is still one
 * topology: the NVR certifies its cameras across "containers", and each device answers mDNS from
 * its own address. Needs root and iproute2 (skipped otherwise). Slow: `npm run test:slow`.
 */
t.setTimeout(120_000);
const isRoot = process.getuid?.() === 0;
const hasIp = spawnSync('ip', ['-V'], { stdio: 'ignore' }).status === 0;
const hasDig = spawnSync('dig', ['-v'], { stdio: 'ignore' }).status === 0;
const skip = !isRoot || !hasIp ? 'needs root and iproute2 to make network namespaces' : false;

const run = (...args: string[]) => {
  const result = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
};

interface Service { command: string[]; networks: { devices: { ipv4_address: string } } }

t.test('a compose file of the quickstart, one namespace per service', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-sim-compose-'));
  const tag = `vc${process.pid % 10_000}`;
  const namespaces: string[] = [];
  const children: ChildProcess[] = [];
  t.teardown(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const ns of namespaces) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(dir, { recursive: true, force: true });
  });

  const written = spawnSync(process.execPath, [projectFile('bin/vigi-sim.js'), 'compose', projectFile('scenarios/quickstart.yaml'), '--out', dir, '--subnet', '10.231.0.0/24'], { encoding: 'utf8' });
  t.equal(written.status, 0, written.stderr);
  const compose = parse(readFileSync(join(dir, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
  const devices = Object.entries(compose.services).filter(([name]) => name !== 'mailpit');
  t.equal(devices.length, 5);

  // The "Docker network": a bridge in a namespace of its own, one veth pair per container.
  const hub = `${tag}-hub`;
  run('ip', 'netns', 'add', hub);
  namespaces.push(hub);
  run('ip', 'netns', 'exec', hub, 'ip', 'link', 'add', 'br0', 'type', 'bridge');
  run('ip', 'netns', 'exec', hub, 'ip', 'link', 'set', 'br0', 'up');
  const nsOf = new Map<string, string>();
  devices.forEach(([name, service], index) => {
    const ns = `${tag}-${index}`;
    const address = service.networks.devices.ipv4_address;
    run('ip', 'netns', 'add', ns);
    namespaces.push(ns);
    nsOf.set(name, ns);
    run('ip', 'link', 'add', `${tag}a${index}`, 'type', 'veth', 'peer', 'name', `${tag}b${index}`);
    run('ip', 'link', 'set', `${tag}a${index}`, 'netns', ns);
    run('ip', 'link', 'set', `${tag}b${index}`, 'netns', hub);
    run('ip', 'netns', 'exec', hub, 'ip', 'link', 'set', `${tag}b${index}`, 'master', 'br0', 'up');
    run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    run('ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', `${tag}a${index}`);
    run('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', `${tag}a${index}`, 'up');
    run('ip', 'netns', 'exec', ns, 'ip', 'route', 'add', '224.0.0.0/4', 'dev', `${tag}a${index}`);
  });

  // Each service's own command, as its container would run it (embedded mail: no Mailpit here).
  for (const [name, service] of devices) {
    const args = service.command.map((arg) => (arg === '/scenarios/scenario.yaml' ? join(dir, 'scenario.yaml') : arg));
    const smtp = args.indexOf('--smtp');
    if (smtp >= 0) args.splice(smtp, 2);
    const child = spawn('ip', ['netns', 'exec', nsOf.get(name)!, process.execPath, projectFile('bin/vigi-sim.js'), ...args], {
      env: { ...process.env, VIGI_SIM_TOKEN: 'compose-test', VIGI_SIM_CONTROL: '0.0.0.0:9090' }, stdio: 'ignore',
    });
    children.push(child);
  }
  const inside = (name: string, script: string) => spawnSync('ip', ['netns', 'exec', nsOf.get(name)!, process.execPath, '-e', script], { encoding: 'utf8', timeout: 10_000 });
  const controlGet = (name: string, path: string) => inside(name, `fetch('http://127.0.0.1:9090${path}',{headers:{authorization:'Bearer compose-test'}}).then(r=>r.text()).then(t=>process.stdout.write(t),e=>{process.stderr.write(String(e));process.exit(1)})`);

  const ipOf = (name: string) => compose.services[name]!.networks.devices.ipv4_address;
  const expected = { [ipOf('cam-front')]: 'connected', [ipOf('cam-garage')]: 'connected', [ipOf('cam-lobby')]: 'not-certified' };
  // Containers start in any order: a camera not up yet is "offline" until the NVR's next poll.
  const deadline = Date.now() + 60_000;
  let certification: Record<string, string> = {};
  while (Date.now() < deadline) {
    const reply = controlGet('nvr-main', '/__sim/devices');
    if (reply.status === 0 && reply.stdout.startsWith('[')) {
      const nvr = (JSON.parse(reply.stdout) as { id: string; channels?: { ip: string; certification: string }[] }[]).find((d) => d.id === 'nvr-main');
      certification = Object.fromEntries((nvr?.channels ?? []).map((c) => [c.ip, c.certification]));
      if (JSON.stringify(certification, Object.keys(expected).sort()) === JSON.stringify(expected, Object.keys(expected).sort())) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  t.same(certification, expected,
    'the NVR, alone in its namespace, certifies its cameras in theirs (lobby stays not certified, as in the quickstart)');

  for (const [name] of devices) {
    const list = controlGet(name, '/__sim/devices');
    t.same((JSON.parse(list.stdout || '[]') as { id: string }[]).map((d) => d.id), [name], `${name}'s container runs ${name} only`);
  }
  if (hasDig) {
    const answer = spawnSync('ip', ['netns', 'exec', nsOf.get('nvr-main')!, 'dig', `@${ipOf('cam-backyard')}`, '-p', '5353', '+short', '+time=2', '+tries=2', '_vigi._tcp.local', 'PTR'], { encoding: 'utf8' });
    t.match(answer.stdout, /Backyard.*_vigi\._tcp\.local\./, 'the found camera answers mDNS from its own address, across the bridge');
  }
});
