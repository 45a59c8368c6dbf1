import type { Suite, SuiteStep } from '../../scenarios/suite-types.js';
import { defaultExpectation, runAction } from './action-drivers.js';
import { capture } from './captures.js';
import { substitute } from './placeholders.js';
import { printable, type StepResult } from './step-result.js';
import { subsetMismatch } from './subset-match.js';
import { SuiteContext, type SuiteTarget } from './suite-context.js';

export type { StepResult } from './step-result.js';

export interface RunSuiteOptions extends SuiteTarget {
  /** Called as each step ends (or is skipped), e.g. to print its TAP line at once. */
  readonly onResult?: (result: StepResult, index: number) => void;
}

export const SKIP_REASON = 'previous step failed';

/**
 * Runs a suite's steps in order against a running emulator and resolves with one result per
 * step. The first failure (an unmet expectation, a failed capture, a missing `${capture}`, or
 * a step that throws, e.g. a connection reset) ends the run: later steps may depend on what it
 * should have captured, so they are reported as skipped. Never rejects.
 */
export async function runSuite(suite: Suite, options: RunSuiteOptions): Promise<StepResult[]> {
  const ctx = new SuiteContext(options);
  const usesMail = suite.steps.some((step) => step.action.kind === 'mail');
  const results: StepResult[] = [];
  let previousMail: ReadonlySet<string> | undefined;
  for (const [index, step] of suite.steps.entries()) {
    let result: StepResult;
    if (results.some((earlier) => !earlier.ok)) {
      result = { name: step.name, ok: false, durationMs: 0, skip: SKIP_REASON, location: step.location };
    } else {
      // A mail step takes mail that came after the step before it began.
      const mailNow = usesMail ? await mailIds(ctx) : new Set<string>();
      ctx.mailBefore = previousMail ?? mailNow;
      previousMail = mailNow;
      result = await runStep(step, ctx);
    }
    results.push(result);
    options.onResult?.(result, index);
  }
  ctx.close();
  return results;
}

async function mailIds(ctx: SuiteContext): Promise<ReadonlySet<string>> {
  try {
    return new Set((await ctx.mails()).map((mail) => mail.id));
  } catch {
    return new Set(); // no embedded mailbox: the mail step itself will say so
  }
}

async function runStep(step: SuiteStep, ctx: SuiteContext): Promise<StepResult> {
  const started = performance.now();
  const done = (fields: Omit<StepResult, 'name' | 'durationMs' | 'location'>): StepResult => ({
    name: step.name,
    durationMs: Math.round(performance.now() - started),
    location: step.location,
    ...fields,
  });
  let reply: unknown;
  let expected: unknown;
  try {
    const action = substitute(step.action, ctx.captures);
    expected = step.expect === undefined ? defaultExpectation(action.kind) : substitute(step.expect, ctx.captures);
    reply = await runAction(action, ctx);
  } catch (error) {
    return done({ ok: false, message: errorText(error), ...(expected !== undefined ? { expected } : {}) });
  }
  const mismatch = subsetMismatch(expected, reply);
  if (mismatch) {
    const where = mismatch.path ? `${mismatch.path}: ` : '';
    return done({ ok: false, message: `${where}${mismatch.why}${hint(reply)}`, expected, actual: printable(reply) });
  }
  const captured = capture(step.capture, reply);
  if (!captured.ok) return done({ ok: false, message: captured.message, actual: printable(reply) });
  for (const [name, value] of captured.values) ctx.captures.set(name, value);
  return done({ ok: true });
}

/** The device's (or control plane's) own words about a refusal, when it gave some. */
function hint(reply: unknown): string {
  const msg = (reply as { msg?: unknown } | null)?.msg;
  if (typeof msg === 'string' && msg) return ` (${msg})`;
  const message = (reply as { body?: { error?: { message?: unknown } } } | null)?.body?.error?.message;
  return typeof message === 'string' && message ? ` (${message})` : '';
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code ?? (error.cause as NodeJS.ErrnoException | undefined)?.code;
  const cause = error.cause instanceof Error && error.cause.message !== error.message ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}${code && !error.message.includes(code) && !cause.includes(code) ? ` (${code})` : ''}`;
}
