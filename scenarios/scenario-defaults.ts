import type { Scenario, ScenarioCamera, ScenarioChannel, ScenarioDevice, ScenarioNvr, SecurityQuestionSpec } from './scenario-types.js';
import { toSuite } from './suite-steps.js';
import type { ValidSuite } from './suite-steps.js';
import { toTimeline } from './timeline-entries.js';
import type { ValidTimelineEntry, WhereIs } from './timeline-entries.js';

/** Defaults of a version-1 scenario (also listed in the schema, for editors). */
export const scenarioDefaults = {
  ports: { https: 8443, http: 8080 },
  /** VIGI OpenAPI's port (research §1.4), used where `ports.openapi` is absent. */
  openapiPort: 20443,
  model: 'C340',
  nvrModel: 'NVR1008H',
  activated: true,
  internet: true,
  power: 'on',
  lan: 'default',
} as const;

// The shape of a file that passed the schema and the semantic checks.
interface ValidDevice {
  id: string;
  kind: 'camera' | 'nvr';
  model?: string;
  name?: string;
  mac?: string;
  uuid?: string;
  serial?: string;
  firmware?: string;
  ip?: string;
  activated?: boolean;
  password?: string;
  resetEmail?: string;
  securityQuestions?: SecurityQuestionSpec[];
  internet?: boolean;
  power?: 'on' | 'off' | boolean;
  lan?: string;
  openapi?: boolean;
  /** NVRs only. */
  channels?: { camera: string; password?: string }[];
}

interface ValidScenario {
  name?: string;
  seed?: number;
  ports?: { https?: number; http?: number; openapi?: number };
  devices: ValidDevice[];
  timeline?: ValidTimelineEntry[];
  suite?: ValidSuite;
}

/**
 * Builds the Scenario the emulator runs from a validated file: fills defaults and normalises
 * spellings (MAC in upper case, power as "on"/"off", durations in ms). Absent optional keys
 * stay absent (a channel without a password means "the camera's own password"). `where` says
 * where a value is in the file, for the labels of timeline entries and suite steps.
 */
export function applyDefaults(valid: unknown, where: WhereIs = () => '<scenario object>:1:1'): Scenario {
  const file = valid as ValidScenario;
  return {
    version: 1,
    ...(file.name !== undefined ? { name: file.name } : {}),
    ...(file.seed !== undefined ? { seed: file.seed } : {}),
    ports: {
      https: file.ports?.https ?? scenarioDefaults.ports.https,
      http: file.ports?.http ?? scenarioDefaults.ports.http,
      ...(file.ports?.openapi !== undefined ? { openapi: file.ports.openapi } : {}),
    },
    devices: file.devices.map(toDevice),
    timeline: toTimeline(file.timeline, where),
    ...(file.suite !== undefined ? { suite: toSuite(file.suite, where) } : {}),
  };
}

function toDevice(device: ValidDevice): ScenarioDevice {
  return device.kind === 'nvr' ? toNvr(device) : toCamera(device);
}

function toCamera(device: ValidDevice): ScenarioCamera {
  return { id: device.id, kind: 'camera', model: device.model ?? scenarioDefaults.model, ...common(device) };
}

function toNvr(device: ValidDevice): ScenarioNvr {
  return {
    id: device.id,
    kind: 'nvr',
    model: device.model ?? scenarioDefaults.nvrModel,
    ...common(device),
    channels: (device.channels ?? []).map(toChannel),
  };
}

function toChannel(channel: { camera: string; password?: string }): ScenarioChannel {
  return { camera: channel.camera, ...(channel.password !== undefined ? { password: channel.password } : {}) };
}

/** What cameras and NVRs share, after id, kind and model. */
function common(device: ValidDevice): Omit<ScenarioCamera, 'id' | 'kind' | 'model'> {
  const power = device.power ?? scenarioDefaults.power;
  return {
    name: device.name ?? device.id,
    ...(device.mac !== undefined ? { mac: device.mac.toUpperCase() } : {}),
    ...(device.uuid !== undefined ? { uuid: device.uuid } : {}),
    ...(device.serial !== undefined ? { serial: device.serial } : {}),
    ...(device.firmware !== undefined ? { firmware: device.firmware } : {}),
    ...(device.ip !== undefined ? { ip: device.ip } : {}),
    activated: device.activated ?? scenarioDefaults.activated,
    ...(device.password !== undefined ? { password: device.password } : {}),
    ...(device.resetEmail !== undefined ? { resetEmail: device.resetEmail } : {}),
    ...(device.securityQuestions !== undefined
      ? { securityQuestions: device.securityQuestions.map(({ question, answer }) => ({ question, answer })) }
      : {}),
    internet: device.internet ?? scenarioDefaults.internet,
    power: power === true || power === 'on' ? 'on' : 'off',
    lan: device.lan ?? scenarioDefaults.lan,
    ...(device.openapi !== undefined ? { openapi: device.openapi } : {}),
  };
}
