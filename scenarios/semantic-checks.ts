import { didYouMean } from './did-you-mean.js';
import { describeValue, formatPath } from './problem-text.js';
import type { ScenarioProblem } from './scenario-types.js';
import { deviceKinds, isEntry } from './reference-checks.js';
import type { Entry } from './reference-checks.js';
import type { SourceLocator, ValuePath } from './source-locator.js';
import { suiteProblems } from './suite-checks.js';
import { timelineProblems } from './timeline-checks.js';

// Identities two devices cannot share: the emulator routes, announces and certifies by them.
const uniqueKeys = ['id', 'ip', 'mac', 'uuid', 'serial'] as const;

// What a factory-fresh device cannot have yet: all three are set when it is activated.
const setAtActivation: Readonly<Record<string, string>> = {
  password: 'password',
  resetEmail: 'reset email',
  securityQuestions: 'security questions',
};

/**
 * Rules that span more than one value, checked after (and independently of) the schema. The
 * input may still break the schema, so every read checks its type first.
 */
export function semanticProblems(value: unknown, locator: SourceLocator, file: string): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const report = (path: ValuePath, message: string, part: 'key' | 'value' = 'value'): void => {
    const { line, column } = locator.at(path, part);
    problems.push({ file, line, column, message: path.length > 0 ? `${formatPath(path)}: ${message}` : message });
  };
  if (!isEntry(value)) return problems;

  const ports = value.ports;
  if (isEntry(ports) && Number.isInteger(ports.https) && ports.https !== 0 && ports.https === ports.http) {
    report(['ports', 'http'], `${String(ports.http)} is also the https port; the two must differ`);
  }

  const devices = Array.isArray(value.devices) ? (value.devices as unknown[]) : [];
  const seen = new Map<string, number>();
  devices.forEach((device, index) => {
    if (!isEntry(device)) return;
    const at = (...rest: (string | number)[]): ValuePath => ['devices', index, ...rest];
    const noun = device.kind === 'nvr' ? 'NVR' : 'camera';
    const article = noun === 'NVR' ? 'an' : 'a';

    for (const key of uniqueKeys) {
      const raw = device[key];
      if (typeof raw !== 'string') continue;
      const first = seen.get(`${key}=${raw.toLowerCase()}`);
      if (first === undefined) seen.set(`${key}=${raw.toLowerCase()}`, index);
      else report(at(key), `${describeValue(raw)} is already used by ${deviceLabel(devices, first, key)}`);
    }

    // A kind that is neither is reported by the schema alone: what else applies depends on it.
    if (device.kind !== undefined && device.kind !== 'camera' && device.kind !== 'nvr') return;
    const activated = device.activated ?? true;
    if (activated === true && device.password === undefined) {
      report(at(), `missing required key "password" (an activated ${noun} has an admin password; set "activated: false" for a factory-fresh one)`);
    }
    if (activated === false) {
      for (const [key, what] of Object.entries(setAtActivation)) {
        if (device[key] !== undefined) report(at(key), `${article} ${noun} with "activated: false" is factory-fresh and has no ${what} yet; remove this key`, 'key');
      }
      if (device.kind === 'nvr' && Array.isArray(device.channels) && device.channels.length > 0) {
        report(at('channels'), 'an NVR with "activated: false" is factory-fresh and cannot have channels yet; activate it or remove this key', 'key');
      }
      if (device.openapi === true) {
        report(at('openapi'), `${article} ${noun} with "activated: false" is factory-fresh, and OpenAPI is off until it is switched on after activation (it logs in with the admin password); remove this key`, 'key');
      }
    }

    const questions = Array.isArray(device.securityQuestions) ? (device.securityQuestions as unknown[]) : [];
    const asked = new Map<string, number>();
    questions.forEach((entry, q) => {
      if (!isEntry(entry) || typeof entry.question !== 'string') return;
      const normal = entry.question.trim().replace(/\s+/g, ' ').toLowerCase();
      const first = asked.get(normal);
      if (first === undefined) asked.set(normal, q);
      else report(at('securityQuestions', q, 'question'), `the same question as securityQuestions[${first}]; the three questions must differ`);
    });
  });

  channelProblems(devices, report);
  const kinds = deviceKinds(value);
  timelineProblems(value, kinds, report);
  suiteProblems(value, kinds, report);
  return problems;
}

/** Where a camera is already a channel: the NVR's index in devices, and the channel's in its list. */
interface Claim {
  readonly nvr: number;
  readonly channel: number;
}

/**
 * An NVR's channels: each names an activated camera of this scenario on the NVR's LAN, and no
 * camera is a channel twice, on one NVR or across several. Positions are on the `camera` value.
 */
function channelProblems(devices: readonly unknown[], report: (path: ValuePath, message: string) => void): void {
  // The first device with each id: a repeated id is already reported above.
  const byId = new Map<string, { index: number; device: Entry }>();
  devices.forEach((device, index) => {
    if (isEntry(device) && typeof device.id === 'string' && !byId.has(device.id)) byId.set(device.id, { index, device });
  });
  const cameraIds = [...byId.entries()].filter(([, { device }]) => device.kind === 'camera').map(([id]) => id);
  const claimed = new Map<string, Claim>();

  devices.forEach((nvr, n) => {
    if (!isEntry(nvr) || nvr.kind !== 'nvr' || !Array.isArray(nvr.channels)) return;
    const nvrLan = lanOf(nvr);
    (nvr.channels as unknown[]).forEach((channel, c) => {
      if (!isEntry(channel) || typeof channel.camera !== 'string') return;
      const id = channel.camera;
      const here: ValuePath = ['devices', n, 'channels', c, 'camera'];
      const target = byId.get(id);
      if (!target) {
        const guess = didYouMean(id, cameraIds);
        report(here, `no camera in this scenario has the id ${describeValue(id)}${guess ? ` (did you mean "${guess}"?)` : ''}`);
        return;
      }
      if (target.device.kind === 'nvr') {
        report(here, `${describeValue(id)} is an NVR (${deviceLabel(devices, target.index, 'id')}); a channel is a camera`);
        return;
      }
      // Any other kind is a schema problem, reported there.
      if (target.device.kind !== 'camera') return;

      const first = claimed.get(id);
      if (first) {
        report(here, first.nvr === n
          ? `${describeValue(id)} is already channels[${first.channel}] of this NVR; a camera is added once`
          : `${describeValue(id)} is already a channel of ${deviceLabel(devices, first.nvr, 'channels')}; a camera can be added to one NVR only`);
        return;
      }
      claimed.set(id, { nvr: n, channel: c });

      const cameraLan = lanOf(target.device);
      if (nvrLan !== undefined && cameraLan !== undefined && cameraLan !== nvrLan) {
        report(here, `${describeValue(id)} is on LAN "${cameraLan}" and this NVR on LAN "${nvrLan}"; an NVR can add only cameras on its own LAN`);
      }
      if (target.device.activated === false) {
        report(here, `${describeValue(id)} has "activated: false": a factory-fresh camera cannot be added; activate it first`);
      }
    });
  });
}

/** A device's LAN as written ("default" when absent); undefined when it is no LAN name (a schema problem). */
function lanOf(device: Entry): string | undefined {
  if (device.lan === undefined) return 'default';
  return typeof device.lan === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(device.lan) ? device.lan : undefined;
}

/** `devices[0]`, plus its id when the clash is on another key: `devices[0] ("cam-front")`. */
function deviceLabel(devices: readonly unknown[], index: number, key: string): string {
  const device = devices[index];
  const id = isEntry(device) && typeof device.id === 'string' && key !== 'id' ? ` ("${device.id}")` : '';
  return `devices[${index}]${id}`;
}
