import { describeValue, formatPath } from './problem-text.js';
import type { ScenarioProblem } from './scenario-types.js';
import type { SourceLocator, ValuePath } from './source-locator.js';

type Entry = Readonly<Record<string, unknown>>;

// Identities two devices cannot share: the emulator routes, announces and certifies by them.
const uniqueKeys = ['id', 'ip', 'mac', 'uuid', 'serial'] as const;

// What a factory-fresh camera cannot have yet: all three are set when it is activated.
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

    for (const key of uniqueKeys) {
      const raw = device[key];
      if (typeof raw !== 'string') continue;
      const first = seen.get(`${key}=${raw.toLowerCase()}`);
      if (first === undefined) seen.set(`${key}=${raw.toLowerCase()}`, index);
      else report(at(key), `${describeValue(raw)} is already used by ${deviceLabel(devices, first, key)}`);
    }

    const activated = device.activated ?? true;
    if (activated === true && device.password === undefined) {
      report(at(), 'missing required key "password" (an activated camera has an admin password; set "activated: false" for a factory-fresh one)');
    }
    if (activated === false) {
      for (const [key, what] of Object.entries(setAtActivation)) {
        if (device[key] !== undefined) report(at(key), `a camera with "activated: false" is factory-fresh and has no ${what} yet; remove this key`, 'key');
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
  return problems;
}

function isEntry(value: unknown): value is Entry {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `devices[0]`, plus its id when the clash is on another key: `devices[0] ("cam-front")`. */
function deviceLabel(devices: readonly unknown[], index: number, key: string): string {
  const device = devices[index];
  const id = isEntry(device) && typeof device.id === 'string' && key !== 'id' ? ` ("${device.id}")` : '';
  return `devices[${index}]${id}`;
}
