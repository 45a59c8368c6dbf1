import { readFile } from 'node:fs/promises';
import { parseSource } from './parse-source.js';
import { applyDefaults } from './scenario-defaults.js';
import type { Scenario, ScenarioProblem } from './scenario-types.js';
import { schemaErrors } from './schema-validator.js';
import { schemaProblems } from './schema-problems.js';
import { semanticProblems } from './semantic-checks.js';
import { startOfFile } from './source-locator.js';
import type { SourceLocator, ValuePath } from './source-locator.js';

/** A scenario ready to run, or every problem found in it (sorted by position). Never throws. */
export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly problems: ScenarioProblem[] };

const SUPPORTED_VERSION = 1;

/** Reads and checks a scenario file (YAML or JSON). `path` is also the file name in problems. */
export async function loadScenarioFile(path: string): Promise<ScenarioResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file: path, line: 1, column: 1, message: readFailure(error) }] };
  }
  return parseScenarioText(text, path);
}

/** Checks scenario text; `fileName` is used in problems, and a `.json` name means strict JSON. */
export function parseScenarioText(text: string, fileName: string): ScenarioResult {
  const parsed = parseSource(text, fileName);
  if (!parsed.ok) return parsed;
  return checkScenarioValue(parsed.value, parsed.locator, fileName);
}

/** Checks an already-parsed scenario (e.g. an object given to the programmatic API); problems point at 1:1. */
export function validateScenarioValue(value: unknown, sourceName = '<scenario object>'): ScenarioResult {
  return checkScenarioValue(value, startOfFile, sourceName);
}

function checkScenarioValue(value: unknown, locator: SourceLocator, file: string): ScenarioResult {
  if (value === null || value === undefined) {
    return fail([{ file, line: 1, column: 1, message: 'the file is empty: a scenario needs at least "version: 1" and "devices"' }]);
  }
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version !== SUPPORTED_VERSION) {
    // Another format version: checking it against version 1 would only produce noise.
    const { line, column } = locator.at(['version']);
    return fail([{ file, line, column, message: `version: this file is version ${version}; this vigi-sim reads version ${SUPPORTED_VERSION}` }]);
  }
  const problems = [
    ...schemaProblems(schemaErrors(value), value, locator, file),
    ...semanticProblems(value, locator, file),
  ];
  if (problems.length > 0) return fail(problems);
  const where = (path: ValuePath): string => {
    const { line, column } = locator.at(path);
    return `${file}:${line}:${column}`;
  };
  return { ok: true, scenario: applyDefaults(value, where) };
}

function fail(problems: ScenarioProblem[]): ScenarioResult {
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = `${problem.line}:${problem.column}:${problem.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  unique.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: false, problems: unique };
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'cannot read the scenario: no such file';
  if (code === 'EISDIR') return 'cannot read the scenario: it is a directory, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read the scenario: permission denied';
  return `cannot read the scenario: ${(error as Error).message}`;
}
