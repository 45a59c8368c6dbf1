import { describeValue } from './problem-text.js';
import { checkDeviceRef, checkDuration, checkFault, isEntry } from './reference-checks.js';
import type { DeviceKind, Entry, Report } from './reference-checks.js';
import type { ValuePath } from './source-locator.js';
import { suiteActionKeys, type SuiteActionKey } from './suite-schema.js';

/** The keys of each action that name a device, and which kind each must be (undefined: either). */
const deviceKeys: Readonly<Partial<Record<SuiteActionKey, Readonly<Record<string, DeviceKind | undefined>>>>> = {
  call: { device: undefined },
  login: { device: undefined },
  activate: { device: undefined },
  forget: { device: 'camera' },
  resetPassword: { device: 'camera' },
  nvr: { device: 'nvr' },
  nvrTable: { device: 'nvr' },
  nvrChangePassword: { device: 'nvr', channel: 'camera' },
  nvrAdd: { device: 'nvr', camera: 'camera' },
  factoryReset: { device: undefined },
  openapi: { device: undefined },
  detect: { device: 'camera' },
  openapiEvent: { device: 'camera' },
};

// As the suite runner reads them (suite-runner/placeholders.ts): the name is trimmed.
const PLACEHOLDER = /\$\{([^}]+)\}/g;
const DOTTED_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/**
 * The suite's rules between keys and steps: unique step names; devices that exist and are of
 * the kind the action needs; every `${name}` captured by an earlier step; captures that are a
 * dotted path or a regular expression with a group; regular expressions in `expect` that compile.
 */
export function suiteProblems(scenario: Entry, kinds: ReadonlyMap<string, DeviceKind>, report: Report): void {
  const suite = scenario.suite;
  if (!isEntry(suite) || !Array.isArray(suite.steps)) return;
  const steps = suite.steps as unknown[];

  // Every step that captures each name, to tell "captured later" from "never captured".
  const capturedBy = new Map<string, number[]>();
  steps.forEach((step, index) => {
    if (!isEntry(step) || !isEntry(step.capture)) return;
    for (const name of Object.keys(step.capture)) capturedBy.set(name, [...(capturedBy.get(name) ?? []), index]);
  });

  const names = new Map<string, number>();
  steps.forEach((step, index) => {
    if (!isEntry(step)) return;
    const at = (...rest: (string | number)[]): ValuePath => ['suite', 'steps', index, ...rest];

    if (typeof step.name === 'string') {
      const first = names.get(step.name.trim());
      if (first === undefined) names.set(step.name.trim(), index);
      else report(at('name'), `${describeValue(step.name)} is already the name of steps[${first}]; step names must be unique`);
    }

    const present = suiteActionKeys.filter((key) => step[key] !== undefined);
    const [key] = present;
    if (present.length === 1 && key !== undefined) checkAction(key, step[key], at(key), kinds, report);

    const earlier = (name: string): boolean => (capturedBy.get(name) ?? []).some((by) => by < index);
    const uncaptured = (path: ValuePath, text: string): void => {
      for (const [whole, written] of text.matchAll(PLACEHOLDER)) {
        const name = (written as string).trim();
        if (earlier(name)) continue;
        const later = (capturedBy.get(name) ?? []).find((by) => by >= index);
        const hint = later === undefined ? '' : later === index
          ? ' (this step captures it, for the steps after it)'
          : ` (steps[${later}] captures it, later)`;
        report(path, `${whole} is not captured by any earlier step${hint}`);
      }
    };
    for (const actionKey of present) eachString(step[actionKey], at(actionKey), uncaptured);
    if (step.expect !== undefined) {
      eachString(step.expect, at('expect'), (path, text) => {
        uncaptured(path, text);
        const problem = regexProblem(text);
        if (problem) report(path, problem);
      });
    }
    if (isEntry(step.capture)) {
      for (const [name, how] of Object.entries(step.capture)) {
        if (typeof how !== 'string' || how === '') continue;
        const problem = isRegex(how) ? (regexProblem(how) ?? groupProblem(how)) : DOTTED_PATH.test(how) ? undefined
          : `${describeValue(how)} is neither a dotted path into the reply (e.g. forget_password.reset_token) nor a /regular expression/`;
        if (problem) report(at('capture', name), problem);
      }
    }
  });
}

function checkAction(key: SuiteActionKey, action: unknown, path: ValuePath, kinds: ReadonlyMap<string, DeviceKind>, report: Report): void {
  if (key === 'fault' || key === 'clearFault') return checkFault(kinds, report, path, action, key === 'fault');
  if (key === 'advance') return checkDuration(report, path, action, true);
  if (!isEntry(action)) return;
  if ((key === 'mail' || key === 'openapiEvent') && action.timeout !== undefined) checkDuration(report, [...path, 'timeout'], action.timeout, true);
  if (key === 'openapi' && action.password === undefined && action.call === undefined) report(path, '"openapi" needs "password" (log in), "call" (a method, or added_devices on an NVR), or both');
  for (const [field, kind] of Object.entries(deviceKeys[key] ?? {})) {
    const user = field === 'device' ? `"${key}"` : `"${key}.${field}"`;
    checkDeviceRef(kinds, report, [...path, field], action[field], kind ? { kind, user } : undefined);
  }
}

/** Calls `visit` with every string in `value` (keys of mappings excepted) and its path. */
function eachString(value: unknown, path: ValuePath, visit: (path: ValuePath, text: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, index) => eachString(item, [...path, index], visit));
  else if (isEntry(value)) for (const [key, item] of Object.entries(value)) eachString(item, [...path, key], visit);
}

/** `/.../`: a regular expression, in `expect` and `capture` (as suite-runner/subset-match.ts reads them). */
function isRegex(text: string): boolean {
  return text.length >= 3 && text.startsWith('/') && text.endsWith('/');
}

function regexProblem(text: string): string | undefined {
  if (!isRegex(text)) return undefined;
  try {
    new RegExp(text.slice(1, -1));
    return undefined;
  } catch (error) {
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /s, '');
    return `${describeValue(text)} is not a valid regular expression: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`;
  }
}

/** A capture keeps the first group's text, so there must be one. */
function groupProblem(text: string): string | undefined {
  const groups = (new RegExp(`${text.slice(1, -1)}|`).exec('') ?? []).length - 1;
  return groups >= 1 ? undefined : `${describeValue(text)} has no group: put what to capture in parentheses, e.g. /code (\\d{6})/`;
}
