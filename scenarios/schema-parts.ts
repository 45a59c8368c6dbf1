/** Pieces the scenario schema uses in more than one place (devices, timeline, suite). */

/** A string with at least one non-space character. */
export const nonBlank = { type: 'string', pattern: '\\S' } as const;

/** Ids and LAN names: lower-case letters, digits and "-". */
export const idText = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 63 } as const;

/**
 * A choice of exactly one key among `keys` (one trigger, one action): for editors, which flag
 * a second one or a missing one; schema-problems.ts words it after the `title`.
 */
export function exactlyOneKey<const K extends string>(title: string, keys: readonly K[]) {
  return { title, oneOf: keys.map((key) => ({ properties: { [key]: true }, required: [key] })) };
}
