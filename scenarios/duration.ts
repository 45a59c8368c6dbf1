/**
 * Durations as scenario files write them: a whole number and a unit (`500ms`, `30s`, `5m`,
 * `1h`), units combined from largest to smallest (`1m30s`, `1h30m`), or a bare `0`. Held in
 * milliseconds once loaded.
 */
export const DURATION_PATTERN = '^(?:0|(?=\\d)(?:\\d+h)?(?:\\d+m(?!s))?(?:\\d+s)?(?:\\d+ms)?)$';

const durationText = new RegExp(DURATION_PATTERN);
const parts = /(\d+)(ms|h|m|s)/g;
const unitMs: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Written as a duration (whether or not it is short enough to count). */
export function isDurationText(value: unknown): value is string {
  return typeof value === 'string' && durationText.test(value);
}

/** Milliseconds of a duration as written (a string, or the number 0); undefined when it is none, or too long to count. */
export function parseDuration(value: unknown): number | undefined {
  if (value === 0) return 0;
  if (!isDurationText(value)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(parts)) ms += Number(amount) * (unitMs[unit as string] as number);
  return Number.isSafeInteger(ms) ? ms : undefined;
}
