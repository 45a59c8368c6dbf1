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
};

const formatHints: Readonly<Record<string, string>> = {
  email: 'is not an email address',
  ipv4: 'is not an IPv4 address (e.g. 127.77.0.10)',
};

// YAML 1.1 read these as booleans; YAML 1.2 (used here) reads them as text.
const yaml11Booleans = new Set(['yes', 'no', 'on', 'off', 'y', 'n']);

/** Turns ajv's errors into messages for the person who wrote the file, each at its node. */
export function schemaProblems(errors: readonly ErrorObject[], value: unknown, locator: SourceLocator, file: string): ScenarioProblem[] {
  // "must match the then schema" only says that a branch failed; the branch's own errors say how.
  return errors.filter((error) => error.keyword !== 'if').map((error) => {
    const path = pathOf(error.instancePath, value);
    const { message, at } = describe(error, path, locator);
    const position = at ?? locator.at(path);
    return { file, line: position.line, column: position.column, message };
  });
}

interface Described {
  message: string;
  at?: { line: number; column: number };
}

function describe(error: ErrorObject, path: ValuePath, locator: SourceLocator): Described {
  const prefix = path.length > 0 ? `${formatPath(path)}: ` : '';
  const params = error.params as Record<string, unknown>;
  const got = describeValue(error.data, locator.source(path));
  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
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
    case 'enum':
      return { message: `${prefix}must be ${listOf((schema.enum ?? []) as unknown[])}, got ${got}` };
    case 'const':
      return { message: `${prefix}must be ${JSON.stringify(schema.const)}, got ${got}${error.data === String(schema.const) ? ' (write it without quotes)' : ''}` };
    default:
      return { message: `${prefix}${error.message ?? 'is not valid'}` };
  }
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

function listOf(values: readonly unknown[]): string {
  const shown = values.map((item) => JSON.stringify(item));
  return shown.length <= 1 ? (shown[0] ?? 'nothing') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
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
