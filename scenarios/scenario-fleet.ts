import { Camera, type DevicePorts } from '../devices/camera/camera.js';
import { newCamera, type CameraFlash, type CameraIdentity } from '../devices/camera/camera-state.js';
import { md5Form } from '../devices/credentials/md5-form.js';
import { answerDigest } from '../devices/credentials/security-answers.js';
import { Fleet } from '../devices/fleet.js';
import { randomHex, randomInt, type Rng } from '../devices/kernel/rng.js';
import type { Scenario, ScenarioCamera } from './scenario-types.js';

/**
 * Builds the devices a scenario describes, through devices/ only. What the file leaves out of
 * a device's identity is drawn from the Rng, so `--seed` gives the same MACs and serials every
 * run; addresses not pinned are handed out from 127.77.0.1 in scenario order.
 */
export const DEFAULT_FIRMWARE = '1.2.1 Build 260310 Rel.58621n';

export function loopbackAddress(index: number): string {
  return `127.77.${Math.floor(index / 254)}.${(index % 254) + 1}`;
}

function identityOf(device: ScenarioCamera, ip: string, rng: Rng): CameraIdentity {
  const mac = device.mac ?? ['40', 'AE', '30', ...randomHex(rng, 6).toUpperCase().match(/../g)!].join('-');
  const hex = randomHex(rng, 32);
  const uuid = device.uuid ?? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const serial = device.serial ?? `22${String(randomInt(rng, 1e11)).padStart(11, '0')}`;
  return { id: device.id, model: device.model, name: device.name, mac, uuid, serial, firmware: device.firmware ?? DEFAULT_FIRMWARE, hardware: '1.0', ip };
}

export function flashOf(device: ScenarioCamera): CameraFlash {
  if (!device.activated || device.password === undefined) return { status: 'factory-fresh' };
  return {
    status: 'activated',
    adminMd5: md5Form(device.password),
    ...(device.resetEmail ? { resetEmail: device.resetEmail } : {}),
    ...(device.securityQuestions?.length ? { questions: device.securityQuestions.map((q) => ({ question: q.question, answerDigest: answerDigest(q.answer) })) } : {}),
  };
}

export function buildFleet(scenario: Scenario, ports: DevicePorts): Fleet {
  const fleet = new Fleet();
  const pinned = new Set(scenario.devices.map((d) => d.ip).filter((ip): ip is string => ip !== undefined));
  let next = 0;
  for (const device of scenario.devices) {
    let ip = device.ip;
    while (ip === undefined) {
      const candidate = loopbackAddress(next++);
      if (!pinned.has(candidate)) ip = candidate;
    }
    const state = newCamera(identityOf(device, ip, ports.rng), flashOf(device), { power: device.power, internet: device.internet });
    fleet.add(new Camera(state, ports));
  }
  return fleet;
}
