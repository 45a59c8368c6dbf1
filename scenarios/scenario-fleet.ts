import { Camera, type DevicePorts } from '../devices/camera/camera.js';
import { newCamera, type CameraFlash, type CameraIdentity } from '../devices/camera/camera-state.js';
import { md5Form } from '../devices/credentials/md5-form.js';
import { answerDigest } from '../devices/credentials/security-answers.js';
import { Fleet } from '../devices/fleet.js';
import { Nvr } from '../devices/nvr/nvr.js';
import { newNvr, type NvrChannel } from '../devices/nvr/nvr-state.js';
import type { CameraLink, DiscoveryPort } from '../devices/nvr/nvr-ports.js';
import { randomHex, randomInt, type Rng } from '../devices/kernel/rng.js';
import type { Scenario, ScenarioCamera, ScenarioDevice, ScenarioNvr } from './scenario-types.js';

/**
 * Builds the devices a scenario describes, through devices/ only. What the file leaves out of
 * a device's identity is drawn from the Rng, so `--seed` gives the same MACs and serials every
 * run; addresses not pinned are handed out from 127.77.0.1 in scenario order.
 */
export const DEFAULT_FIRMWARE = '1.2.1 Build 260310 Rel.58621n';

export interface FleetPorts extends DevicePorts {
  /** How NVRs reach cameras and find devices. */
  readonly cameras: CameraLink;
  readonly discovery: DiscoveryPort;
  /** The port cameras serve HTTPS on, as NVR channels record it. */
  readonly httpsPort: number;
}

export function loopbackAddress(index: number): string {
  return `127.77.${Math.floor(index / 254)}.${(index % 254) + 1}`;
}

function identityOf(device: ScenarioDevice, ip: string, rng: Rng): CameraIdentity {
  const mac = device.mac ?? ['40', 'AE', '30', ...randomHex(rng, 6).toUpperCase().match(/../g)!].join('-');
  const hex = randomHex(rng, 32);
  const uuid = device.uuid ?? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const serial = device.serial ?? `22${String(randomInt(rng, 1e11)).padStart(11, '0')}`;
  return { id: device.id, model: device.model, name: device.name, mac, uuid, serial, firmware: device.firmware ?? DEFAULT_FIRMWARE, hardware: '1.0', ip };
}

/**
 * A pure function's results by input: a generated fleet gives thousands of devices the same
 * password and answers, and hashing each again is most of building a device.
 */
function remembered(compute: (input: string) => string): (input: string) => string {
  const known = new Map<string, string>();
  return (input) => {
    let value = known.get(input);
    if (value === undefined) {
      value = compute(input);
      if (known.size < 10_000) known.set(input, value);
    }
    return value;
  };
}

const md5FormOf = remembered(md5Form);
const answerDigestOf = remembered(answerDigest);

export function flashOf(device: ScenarioDevice): CameraFlash {
  if (!device.activated || device.password === undefined) return { status: 'factory-fresh' };
  return {
    status: 'activated',
    adminMd5: md5FormOf(device.password),
    ...(device.openapi === true ? { openapi: true } : {}),
    ...(device.resetEmail ? { resetEmail: device.resetEmail } : {}),
    ...(device.securityQuestions?.length ? { questions: device.securityQuestions.map((q) => ({ question: q.question, answerDigest: answerDigestOf(q.answer) })) } : {}),
  };
}

function channelsOf(nvr: ScenarioNvr, cameras: ReadonlyMap<string, { spec: ScenarioCamera; identity: CameraIdentity }>, httpsPort: number): NvrChannel[] {
  return nvr.channels.flatMap((channel, index) => {
    const camera = cameras.get(channel.camera);
    const password = channel.password ?? camera?.spec.password;
    if (!camera || password === undefined) return [];
    const { ip, uuid, mac, model, name } = camera.identity;
    return [{ id: String(index + 1), ip, port: httpsPort, uuid, mac, model, name, username: 'admin', md5: md5FormOf(password) }];
  });
}

/**
 * Every device's identity, in scenario order: pinned values from the file, the rest drawn from
 * `rng`, addresses handed out from 127.77.0.1 past the pinned ones. A shard (scenario-shard.ts)
 * draws the same identities for the whole scenario, so its devices are the ones the whole has.
 */
export function identitiesOf(scenario: Scenario, rng: Rng): Map<string, CameraIdentity> {
  const addresses = addressesOf(scenario);
  return new Map(scenario.devices.map((device) => [device.id, identityOf(device, addresses.get(device.id)!, rng)]));
}

/** Every device's address by id: pinned, or the next free one from 127.77.0.1 in scenario order. */
export function addressesOf(scenario: Scenario): Map<string, string> {
  const pinned = new Set(scenario.devices.map((d) => d.ip).filter((ip): ip is string => ip !== undefined));
  let next = 0;
  const addresses = new Map<string, string>();
  for (const device of scenario.devices) {
    let ip = device.ip;
    while (ip === undefined) {
      const candidate = loopbackAddress(next++);
      if (!pinned.has(candidate)) ip = candidate;
    }
    addresses.set(device.id, ip);
  }
  return addresses;
}

/**
 * Adds the scenario's devices to `fleet`: cameras first, so NVR channels can name them. With
 * `runs`, only the devices it accepts are built (`vigi-sim up --only`): the others run elsewhere,
 * yet identities are drawn for all and NVR channels still name cameras that are not here.
 */
export function buildFleet(scenario: Scenario, ports: FleetPorts, fleet: Fleet = new Fleet(), runs: (id: string) => boolean = () => true): Fleet {
  const identities = identitiesOf(scenario, ports.rng);
  const cameras = new Map<string, { spec: ScenarioCamera; identity: CameraIdentity }>();
  for (const device of scenario.devices) {
    if (device.kind !== 'camera') continue;
    const identity = identities.get(device.id)!;
    cameras.set(device.id, { spec: device, identity });
    if (runs(device.id)) fleet.add(new Camera(newCamera(identity, flashOf(device), { power: device.power, internet: device.internet }), ports));
  }
  for (const device of scenario.devices) {
    if (device.kind !== 'nvr' || !runs(device.id)) continue;
    const state = newNvr(identities.get(device.id)!, flashOf(device), { lan: device.lan, channels: channelsOf(device, cameras, ports.httpsPort), power: device.power, internet: device.internet });
    fleet.add(new Nvr(state, ports));
  }
  return fleet;
}

/**
 * The LAN each device is on, by IP: what scopes an NVR's discovery. Every device of the
 * scenario, running here or not (another process may run it: `--only`, `--shard`).
 */
export function lansByIp(scenario: Scenario): Map<string, string> {
  const addresses = addressesOf(scenario);
  return new Map(scenario.devices.map((device) => [addresses.get(device.id)!, device.lan]));
}
