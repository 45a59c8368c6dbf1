import { isIPv4 } from 'node:net';
import { parseDocument, stringify } from 'yaml';
import type { Scenario } from './scenario-types.js';

/**
 * `vigi-sim compose <scenario>`: one container per device, each with an address of its own on a
 * Docker network, for users who want real per-container networking (a client on another host
 * of a macvlan LAN, packet captures per device). Every container runs the same scenario with
 * `up --only <its id>`; the scenario is rewritten so each device's `ip` is its container's
 * address, and given a seed when it has none, so every container draws the same identities
 * (an NVR's channel keeps the UUID and MAC its camera's container really has). The file's own
 * text, comments included, is kept; only `ip` keys and `seed` are set.
 */
export interface ComposeOptions {
  /** IPv4 network of the devices, e.g. "172.30.0.0/16" (at least /8, at most /28). */
  readonly subnet: string;
  /** "bridge" (containers on this host) or "macvlan" (devices on the LAN of `parent`). */
  readonly driver: 'bridge' | 'macvlan';
  /** The host interface a macvlan network hangs off (required for macvlan). */
  readonly parent?: string;
  /** The image every container runs. */
  readonly image: string;
  /** Where the rewritten scenario is mounted from, relative to the compose file. */
  readonly scenarioFile: string;
}

export interface ComposePlan {
  /** The scenario file's text with pinned addresses and a seed. */
  readonly scenarioText: string;
  /** The compose file's text. */
  readonly composeText: string;
  /** Device id → its container's address. */
  readonly addresses: ReadonlyMap<string, string>;
}

const FIRST_DEVICE_HOST = 10; // .1 is the gateway, .2 Mailpit; devices from .10

function parseSubnet(subnet: string): { base: number; size: number } | string {
  const [address, bitsText] = subnet.split('/');
  const bits = Number(bitsText);
  if (!address || !isIPv4(address) || !Number.isInteger(bits) || bits < 8 || bits > 28) return `"${subnet}" is not an IPv4 network from /8 to /28, e.g. 172.30.0.0/16`;
  const value = address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const size = 2 ** (32 - bits);
  return { base: value - (value % size), size };
}

const dotted = (value: number): string => [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');

/** A compose service name from a device id (ids are already [a-z0-9-]-ish; be safe anyway). */
const serviceName = (id: string): string => id.toLowerCase().replace(/[^a-z0-9_.-]/g, '-');

/** The plan, or a message saying why there can be none. `text` is the scenario file's text. */
export function planCompose(scenario: Scenario, text: string, options: ComposeOptions): { ok: true; value: ComposePlan } | { ok: false; message: string } {
  if (scenario.suite) return { ok: false, message: 'compose lays out a topology; a suite runs whole (vigi-sim test)' };
  const network = parseSubnet(options.subnet);
  if (typeof network === 'string') return { ok: false, message: `--subnet ${network}` };
  if (options.driver === 'macvlan' && !options.parent) return { ok: false, message: '--network macvlan needs --parent <host interface>, e.g. --parent eth0' };
  const needed = FIRST_DEVICE_HOST + scenario.devices.length + 1;
  if (needed > network.size) return { ok: false, message: `--subnet ${options.subnet} holds ${network.size - 2} addresses; ${scenario.devices.length} devices need a larger one (e.g. /16)` };

  const addresses = new Map(scenario.devices.map((device, index) => [device.id, dotted(network.base + FIRST_DEVICE_HOST + index)]));
  const doc = parseDocument(text);
  // Positions in the file are the loaded scenario's: devices keep their order.
  scenario.devices.forEach((device, index) => doc.setIn(['devices', index, 'ip'], addresses.get(device.id)));
  if (!doc.has('seed')) doc.set('seed', 1);

  const gateway = dotted(network.base + 1);
  const services: Record<string, unknown> = {
    mailpit: {
      image: 'axllent/mailpit:latest',
      networks: { devices: { ipv4_address: dotted(network.base + 2) } },
      ports: ['127.0.0.1:8025:8025'],
    },
  };
  for (const device of scenario.devices) {
    const ip = addresses.get(device.id)!;
    services[serviceName(device.id)] = {
      image: options.image,
      command: ['up', '/scenarios/scenario.yaml', '--only', device.id, '--discovery-interface', ip, '--smtp', 'smtp://mailpit:1025'],
      environment: { VIGI_SIM_TOKEN: '${VIGI_SIM_TOKEN:-change-me}', VIGI_SIM_CONTROL: '0.0.0.0:9090' },
      volumes: [`./${options.scenarioFile}:/scenarios/scenario.yaml:ro`],
      networks: { devices: { ipv4_address: ip } },
      depends_on: ['mailpit'],
      labels: { 'vigi-sim.device': device.id, 'vigi-sim.kind': device.kind },
    };
  }
  const compose = {
    services,
    networks: {
      devices: {
        driver: options.driver,
        ...(options.driver === 'macvlan' ? { driver_opts: { parent: options.parent } } : {}),
        ipam: { config: [{ subnet: `${dotted(network.base)}/${32 - Math.log2(network.size)}`, gateway }] },
      },
    },
  };
  const header = [
    `# Written by vigi-sim compose: one container per device of "${scenario.name ?? 'scenario'}", each at its own`,
    `# address on ${options.driver === 'macvlan' ? `a macvlan network on ${options.parent}` : 'a bridge network'} (${options.subnet}).`,
    '# Build the image first (docker build -t vigi-sim:local . in vigi-sim\'s folder), then: docker compose up -d',
    '# Each container serves its device at https://<address>:<port> and its own control plane at',
    '# http://<address>:9090 (token: VIGI_SIM_TOKEN, default "change-me"). Mail goes to Mailpit (:8025).',
    '',
  ].join('\n');
  return { ok: true, value: { scenarioText: doc.toString(), composeText: header + stringify(compose, { lineWidth: 0 }), addresses } };
}
