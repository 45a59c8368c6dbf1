/**
 * The `expect` of a suite step: a subset match against the reply. Objects match partially
 * (keys not named are ignored), arrays element by element as a prefix of the reply's array, a
 * string that starts and ends with `/` is a regular expression (also tried on a number's or
 * boolean's text), anything else must be equal (no type coercion: `"1"` is not `1`).
 */
export interface Mismatch {
  /** Where in the reply, e.g. `chm.added_dev[1].chn_2.auth_result` (empty: the whole reply). */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
  readonly why: string;
}

/** The regular expression a `/.../` string stands for, or undefined for an ordinary string. */
export function regexOf(text: string): RegExp | undefined {
  if (text.length < 3 || !text.startsWith('/') || !text.endsWith('/')) return undefined;
  try {
    return new RegExp(text.slice(1, -1));
  } catch {
    return undefined;
  }
}

/** The first place where `actual` does not match `expected`, or undefined when it matches. */
export function subsetMismatch(expected: unknown, actual: unknown, path = ''): Mismatch | undefined {
  const miss = (why: string): Mismatch => ({ path, expected, actual, why });
  if (typeof expected === 'string') {
    const regex = regexOf(expected);
    if (regex) {
      const text = typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean' ? String(actual) : undefined;
      return text !== undefined && regex.test(text) ? undefined : miss(`expected a value matching ${expected}, got ${describe(actual)}`);
    }
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return miss(`expected an array, got ${describe(actual)}`);
    if (actual.length < expected.length) return miss(`expected at least ${expected.length} elements, got ${actual.length}`);
    for (const [index, item] of expected.entries()) {
      const inner = subsetMismatch(item, actual[index], `${path}[${index}]`);
      if (inner) return inner;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return miss(`expected an object, got ${describe(actual)}`);
    for (const [key, item] of Object.entries(expected)) {
      const inner = subsetMismatch(item, (actual as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (inner) return inner;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : miss(`expected ${describe(expected)}, got ${describe(actual)}`);
}

/** A value in a sentence: JSON, shortened; `nothing` for undefined. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
