import { regexOf } from './subset-match.js';

/**
 * The `capture` of a suite step: `name: dotted.path` takes a value from the reply
 * (`forget_password.reset_token`, `chm.added_dev.0.chn_1.id`); `name: /regex/` takes the
 * first group of a regular expression searched in a mail's text (or, for any other reply, in
 * its JSON).
 */
export type Captured = { readonly ok: true; readonly values: ReadonlyMap<string, unknown> } | { readonly ok: false; readonly message: string };

export function capture(specs: Readonly<Record<string, string>> | undefined, reply: unknown): Captured {
  const values = new Map<string, unknown>();
  for (const [name, spec] of Object.entries(specs ?? {})) {
    const regex = regexOf(spec);
    if (regex) {
      const text = typeof (reply as { text?: unknown } | null)?.text === 'string' ? (reply as { text: string }).text : JSON.stringify(reply);
      const match = regex.exec(text);
      if (!match) return { ok: false, message: `capture ${name}: ${spec} does not match the ${typeof (reply as { text?: unknown } | null)?.text === 'string' ? "mail's text" : 'reply'}` };
      if (match[1] === undefined) return { ok: false, message: `capture ${name}: ${spec} needs one group, (...), around the value to keep` };
      values.set(name, match[1]);
      continue;
    }
    const value = at(reply, spec);
    if (value === undefined) return { ok: false, message: `capture ${name}: the reply has nothing at "${spec}"` };
    values.set(name, value);
  }
  return { ok: true, values };
}

/** The value at a dotted path (array elements by index), or undefined. */
export function at(value: unknown, path: string): unknown {
  let here = value;
  for (const part of path.split('.')) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string, unknown>)[part];
  }
  return here;
}
