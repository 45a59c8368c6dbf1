import { LineCounter, parseDocument } from 'yaml';
import type { YAMLError } from 'yaml';
import { findJsonSyntaxError } from './json-syntax.js';
import type { ScenarioProblem } from './scenario-types.js';
import { startOfFile, YamlSourceLocator } from './source-locator.js';
import type { SourceLocator } from './source-locator.js';

export type ParsedSource =
  | { readonly ok: true; readonly value: unknown; readonly locator: SourceLocator }
  | { readonly ok: false; readonly problems: ScenarioProblem[] };

/**
 * Text → plain value plus a locator for positions. YAML 1.2 for every file (JSON is YAML);
 * a `.json` file is first held to strict JSON, so a trailing comma or a comment is reported
 * as the JSON error it is rather than silently accepted.
 */
export function parseSource(text: string, file: string): ParsedSource {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter();
  // Problems are placed from the text itself: yaml's LineCounter only learns the line breaks its
  // lexer reports, and while recovering from an error it skips some, so later lines would be miscounted.
  const textLines = lineStartsOf(source);
  const problem = (offset: number, message: string): ScenarioProblem => ({ file, ...positionOf(textLines, source.length, offset), message });

  if (/\.json$/i.test(file) && source.trim() !== '') {
    const error = findJsonSyntaxError(source);
    if (error) return { ok: false, problems: [problem(error.offset, `not valid JSON: ${error.message}`)] };
  }

  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // One mistake can make the parser repeat itself (deep nesting): keep each message once per place.
    const problems = new Map<string, ScenarioProblem>();
    for (const error of doc.errors) {
      const found = problem(error.pos[0], describeYamlError(error, source));
      problems.set(`${found.line}:${found.column}:${found.message}`, found);
    }
    return { ok: false, problems: [...problems.values()] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // Only alias trouble gets here: an unknown anchor, or aliases expanding past maxAliasCount.
    return { ok: false, problems: [{ file, line: 1, column: 1, message: yamlMessage((error as Error).message) }] };
  }
  const locator = doc.contents ? new YamlSourceLocator(doc, lines) : startOfFile;
  return { ok: true, value, locator };
}

/** Offsets where each line starts: after each \n (so \r\n too), as the yaml lexer and editors count lines. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** 1-based line and column of an offset, clamped into the text. */
function positionOf(starts: readonly number[], length: number, offset: number): { line: number; column: number } {
  const at = Math.min(Math.max(0, offset), length);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= at) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: at - starts[low]! + 1 };
}

function describeYamlError(error: YAMLError, text: string): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*["']?([^"':\n]*)/.exec(text.slice(error.pos[0]))?.[1]?.trim() ?? '';
    return `the key "${key}" appears twice in the same mapping`;
  }
  if (error.code === 'MULTIPLE_DOCS') return 'a scenario file holds one YAML document; remove the second "---" and what follows';
  return yamlMessage(error.message);
}

function yamlMessage(raw: string): string {
  if (/call stack/i.test(raw)) return 'not valid YAML: nested too deeply';
  const message = raw.replace(/ at line \d+, column \d+.*$/s, '');
  return `not valid YAML: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
}
