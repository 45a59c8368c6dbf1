/**
 * `${name}` in suite values: every string of an action or expectation, however deep, has its
 * placeholders replaced by earlier captures. A string that is exactly one placeholder takes the
 * captured value as it is (a number stays a number); inside longer text it is written as text.
 */
export class MissingCapture extends Error {
  constructor(readonly capture: string, known: readonly string[]) {
    super(`no capture named "${capture}" (${known.length > 0 ? `captured so far: ${known.join(', ')}` : 'nothing was captured yet'})`);
  }
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;
const WHOLE = /^\$\{([^}]+)\}$/;

export function substitute<T>(value: T, captures: ReadonlyMap<string, unknown>): T {
  return replace(value, captures) as T;
}

function replace(value: unknown, captures: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return lookup(whole[1] ?? '', captures);
    return value.replace(PLACEHOLDER, (_text, name: string) => {
      const found = lookup(name, captures);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((item) => replace(item, captures));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(inner, captures)]));
  }
  return value;
}

function lookup(name: string, captures: ReadonlyMap<string, unknown>): unknown {
  const key = name.trim();
  if (!captures.has(key)) throw new MissingCapture(key, [...captures.keys()]);
  return captures.get(key);
}
