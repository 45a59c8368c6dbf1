import type { ErrorObject } from 'ajv/dist/2020.js';
import { didYouMean } from './did-you-mean.js';
import { describeValue, formatPath, typeName } from './problem-text.js';
import type { ScenarioProblem } from './scenario-types.js';
import type { SourceLocator, ValuePath } from './source-locator.js';

// What a pattern of the schema asks for, in words.
const patternHints: Readonly<Record<string, string>> = {
  '\\S': 'must not be empty or blank',
  '^[a-z0-9][a-z0-9-]*$': 'is not a valid {id}: use lower-case letters, digits and "-", starting with a letter or digit',
  '^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}$': 'is not a MAC address: write six hex pairs joined by "-", e.g. 40-AE-30-00-00-01',
  '^[a-z][a-z-]*$': 'is not an event name: use lower-case letters and "-", e.g. verification-code-sent',
  '^[a-z][a-z0-9_]*$': 'is not an action name: use lower-case letters, digits and "_", e.g. send_verification_code',
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$': 'is not a checkpoint name: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit',
};

const formatHints: Readonly<Record<string, string>> = {
  email: 'is not an email address',
  ipv4: 'is not an IPv4 address (e.g. 127.77.0.10)',
};

// YAML 1.1 read these as booleans; YAML 1.2 (used here) reads them as text.
const yaml11Booleans = new Set(['yes', 'no', 'on', 'off', 'y', 'n']);

/** Turns ajv's errors into messages for the person who wrote the file, each at its node. */
export function schemaProblems(errors: readonly ErrorObject[], value: unknown, locator: SourceLocator, file: string): ScenarioProblem[] {
  return errors.filter(worded).flatMap((error) => {
    const path = pathOf(error.instancePath, value);
    const described = describe(error, path, locator);
    if (!described) return [];
    const position = described.at ?? locator.at(path);
    return [{ file, line: position.line, column: position.column, message: described.message }];
  });
}

/**
 * Errors that say something of their own. "must match the then schema" only says that a branch
 * failed, and the branch's own errors say how; the branches of a choice (oneOf, anyOf) fail by
 * design, and the choice itself is worded once.
 */
function worded(error: ErrorObject): boolean {
  if (error.keyword === 'if' || error.keyword === 'propertyNames') return false;
  return !/\/(?:oneOf|anyOf)\/\d+\//.test(error.schemaPath);
}

interface Described {
  message: string;
  at?: { line: number; column: number };
}

function describe(error: ErrorObject, path: ValuePath, locator: SourceLocator): Described | undefined {
  const prefix = path.length > 0 ? `${formatPath(path)}: ` : '';
  const params = error.params as Record<string, unknown>;
  const got = describeValue(error.data, locator.source(path));
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    // A key that breaks `propertyNames` (the names under "capture").
    const key = error.propertyName;
    return { message: `${prefix}${describeValue(key)} is not a valid name: use letters, digits and "_", starting with a letter or "_"`, at: locator.at([...path, key], 'key') };
  }
  switch (error.keyword) {
    case 'oneOf':
      return oneKeyProblem(error, path, locator, prefix);
    case 'anyOf':
      if (schema.title === 'duration') return { message: `${prefix}${got} is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 5m or 1h${unitHint(error.data)}` };
      return { message: `${prefix}${got} is not ${String(schema.title ?? 'valid')}` };
    case 'exclusiveMinimum':
      return { message: `${prefix}must be more than ${String(params.limit)}, got ${got}` };
    case 'required':
      return { message: `${prefix}missing required key "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((schema.properties ?? {}) as object);
      const guess = didYouMean(key, known);
      const hint = guess ? `did you mean "${guess}"?` : `expected one of: ${known.join(', ')}`;
      return { message: `${prefix}unknown key "${key}" (${hint})`, at: locator.at([...path, key], 'key') };
    }
    case 'type':
      return { message: `${prefix}expected ${typeName(String(params.type))}, got ${got}${typeHint(String(params.type), error.data, locator.source(path))}` };
    case 'format':
      return { message: `${prefix}${got} ${formatHints[String(params.format)] ?? `is not in the ${String(params.format)} format`}` };
    case 'pattern':
      return { message: `${prefix}${got} ${patternHint(String(params.pattern), path)}` };
    case 'minLength':
      return { message: `${prefix}must not be empty` };
    case 'maxLength':
      return { message: `${prefix}is too long (at most ${String(params.limit)} characters)` };
    case 'minimum':
      return { message: `${prefix}must be at least ${String(params.limit)}, got ${got}` };
    case 'maximum':
      return { message: `${prefix}must be at most ${String(params.limit)}, got ${got}` };
    case 'minItems':
    case 'maxItems':
      return { message: `${prefix}${countMessage(schema, error.data)}` };
    case 'enum': {
      const allowed = (schema.enum ?? []) as unknown[];
      const guess = typeof error.data === 'string' ? didYouMean(error.data, allowed.filter((item): item is string => typeof item === 'string')) : undefined;
      return { message: `${prefix}must be ${listOf(allowed)}, got ${got}${guess ? ` (did you mean "${guess}"?)` : ''}` };
    }
    case 'const':
      return { message: `${prefix}must be ${JSON.stringify(schema.const)}, got ${got}${error.data === String(schema.const) ? ' (write it without quotes)' : ''}` };
    default:
      return { message: `${prefix}${error.message ?? 'is not valid'}` };
  }
}

/**
 * A choice of one key (one trigger, one action; see exactlyOneKey in schema-parts.ts): which
 * keys are missing, or which are one too many, at the second of them as written.
 */
function oneKeyProblem(error: ErrorObject, path: ValuePath, locator: SourceLocator, prefix: string): Described | undefined {
  const data = error.data;
  // On something that is not a mapping, `required` passes every branch: the type error says it all.
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const schema = (error.parentSchema ?? {}) as { title?: string; oneOf?: { required?: string[] }[] };
  const keys = (schema.oneOf ?? []).flatMap((branch) => branch.required ?? []);
  const title = schema.title ?? 'choice';
  const present = keys.filter((key) => key in data);
  if (present.length === 0) {
    // A misspelt choice (`forgot:`) is already reported as an unknown key, with the suggestion.
    if (Object.keys(data).some((key) => !keys.includes(key) && didYouMean(key, keys) !== undefined)) return undefined;
    return { message: `${prefix}missing ${/^[aeiou]/.test(title) ? 'an' : 'a'} ${title}: ${listOf(keys)}` };
  }
  const positions = present.map((key) => ({ key, at: locator.at([...path, key], 'key') }));
  positions.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
  const second = positions[1] ?? positions[0];
  return {
    message: `${prefix}one ${title} only, got ${listOf(positions.map(({ key }) => key), 'and')}`,
    ...(second ? { at: second.at } : {}),
  };
}

/** `30` for a duration: say which unit is missing. */
function unitHint(data: unknown): string {
  if (typeof data === 'number' && Number.isInteger(data) && data > 0) return ` (a number needs its unit: ${data}s or ${data}ms)`;
  if (typeof data === 'string' && /^\s*\d+\s*$/.test(data)) return ` (a number needs its unit: ${data.trim()}s or ${data.trim()}ms)`;
  return '';
}

function patternHint(pattern: string, path: ValuePath): string {
  const hint = patternHints[pattern] ?? 'does not have the expected form';
  return hint.replace('{id}', path[path.length - 1] === 'lan' ? 'LAN name' : 'id');
}

function typeHint(expected: string, data: unknown, source: string | undefined): string {
  if (expected === 'string' && (typeof data === 'number' || typeof data === 'boolean')) {
    return ` (put it in quotes: "${source ?? String(data)}")`;
  }
  if (expected === 'boolean' && typeof data === 'string' && yaml11Booleans.has(data.toLowerCase())) {
    return ' (YAML 1.2 reads it as text: write true or false)';
  }
  return '';
}

function countMessage(schema: Record<string, unknown>, data: unknown): string {
  const count = Array.isArray(data) ? data.length : 0;
  const entries = (n: unknown): string => `${String(n)} ${n === 1 ? 'entry' : 'entries'}`;
  const got = count === 0 ? 'none' : String(count);
  if (schema.minItems === schema.maxItems) return `needs exactly ${entries(schema.minItems)}, got ${got}`;
  if (schema.maxItems !== undefined && count > Number(schema.maxItems)) return `takes at most ${entries(schema.maxItems)}, got ${got}`;
  return `needs at least ${entries(schema.minItems)}, got ${got}`;
}

function listOf(values: readonly unknown[], last: 'or' | 'and' = 'or'): string {
  const shown = values.map((item) => JSON.stringify(item));
  return shown.length <= 1 ? (shown[0] ?? 'nothing') : `${shown.slice(0, -1).join(', ')} ${last} ${shown[shown.length - 1]}`;
}

/** `/devices/2/ip` → ['devices', 2, 'ip'], with list indexes as numbers. */
function pathOf(pointer: string, root: unknown): ValuePath {
  const path: (string | number)[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const step = Array.isArray(node) ? Number(segment) : segment;
    path.push(step);
    node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[step] : undefined;
  }
  return path;
}
