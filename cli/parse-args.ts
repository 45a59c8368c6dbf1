import { parseArgs } from 'node:util';
import { didYouMean } from '../scenarios/did-you-mean.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

export type ParsedArgs =
  | { readonly ok: true; readonly values: Readonly<Record<string, string | boolean | undefined>>; readonly positionals: readonly string[] }
  | { readonly ok: false; readonly message: string };

/**
 * node:util parseArgs in strict mode, with its errors (which are exceptions, and long) turned
 * into one-line messages for the command line, e.g. `unknown option "--sed" for "up" (did
 * you mean "--seed"?)`.
 */
export function parseCommandArgs(
  command: string,
  argv: readonly string[],
  options: Readonly<Record<string, OptionSpec>>,
  allowPositionals = true,
): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { ...options }, allowPositionals, strict: true });
    return { ok: true, values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
    const flag = quoted.replace(/ <value>$/, '').split(', ').pop() ?? quoted;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const known = Object.keys(options).map((name) => `--${name}`);
      const guess = didYouMean(flag.replace(/^-+/, ''), Object.keys(options));
      const hint = guess ? ` (did you mean "--${guess}"?)` : known.length > 0 ? ` (options: ${known.join(', ')})` : '';
      return { ok: false, message: `unknown option "${flag}" for "${command}"${hint}` };
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (message.includes('does not take an argument')) return { ok: false, message: `${flag} does not take a value` };
      return { ok: false, message: `${flag} needs a value (write ${flag}=<value> if it starts with "-")` };
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      return { ok: false, message: `unexpected argument "${quoted}": "${command}" takes none` };
    }
    return { ok: false, message: message.split('\n')[0] ?? message };
  }
}
