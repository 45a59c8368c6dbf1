import type { ValuePath } from './source-locator.js';

/** `devices[2].resetEmail`: how a path reads in a message; the root is "the scenario". */
export function formatPath(path: ValuePath): string {
  let text = '';
  for (const segment of path) text += typeof segment === 'number' ? `[${segment}]` : text ? `.${segment}` : segment;
  return text || 'the scenario';
}

/**
 * A value as the user wrote it: strings quoted and shortened, numbers as in the file (`1.0`,
 * not `1`), collections by kind.
 */
export function describeValue(value: unknown, source?: string): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return source ?? String(value);
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

const typeNames: Readonly<Record<string, string>> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list',
  null: 'an empty value',
};

/** `text`, `true or false`, ...: what a JSON Schema type means to someone writing YAML. */
export function typeName(type: string): string {
  return typeNames[type] ?? type;
}
