import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Logger } from 'pino';
import { loadScenarioFile, type ScenarioResult } from '../../scenarios/scenario-loader.js';
import type { Scenario, ScenarioProblem } from '../../scenarios/scenario-types.js';
import type { SuiteReport } from '../../protocol/suite-runner/step-result.js';
import { tallyLine } from '../../protocol/suite-runner/step-result.js';
import type { SuiteEmulatorOptions } from '../../protocol/suite-runner/suite-emulator.js';
import { TapWriter } from '../../protocol/suite-runner/tap-report.js';
import { junitReport } from '../../protocol/suite-runner/junit-report.js';
import { parseSeed } from '../option-values.js';
import type { OutputSink } from '../output-sink.js';
import { parseCommandArgs } from '../parse-args.js';
import { printProblems } from '../print-problems.js';
import { usage, usageError } from '../usage.js';
import { projectFile } from '../../protocol/project-files.js';

/** What `test` needs from the outside world; tests replace parts of it. */
export interface TestDependencies {
  /** Reads and checks one scenario file. */
  loadScenarioFile(path: string): Promise<ScenarioResult>;
  /** Starts one scenario on free ports, runs its suite, closes it. */
  runScenarioSuite(scenario: Scenario, file: string, options: SuiteEmulatorOptions): Promise<SuiteReport>;
  createLogger(): Promise<Logger | undefined>;
  /** Where the shipped suites are (every `*.yaml` below it runs when no file is given). */
  readonly suitesDir: string;
}

const options = {
  junit: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * `vigi-sim test [files...] [--junit out.xml] [--seed n]`: every file is loaded first (a bad one
 * stops the run before anything starts: problems as file:line:column on stderr, exit 1); then
 * each scenario starts on free ports, its suite runs, it closes. TAP 14 on stdout, one line per
 * step, then a plain `N passed, N failed`. Exit 0 iff every step passed, 1 otherwise, 2 on a bad
 * command line.
 */
export async function testCommand(argv: readonly string[], sink: OutputSink, deps: TestDependencies = defaultTestDependencies): Promise<number> {
  const args = parseCommandArgs('test', argv, options);
  if (!args.ok) return usageError(sink, args.message);
  if (args.values.help) {
    sink.out(usage);
    return 0;
  }
  let seed: number | undefined;
  if (typeof args.values.seed === 'string') {
    const parsed = parseSeed(args.values.seed, '--seed');
    if (!parsed.ok) return usageError(sink, parsed.message);
    seed = parsed.value;
  }
  const junit = typeof args.values.junit === 'string' ? args.values.junit : undefined;
  if (junit === '') return usageError(sink, '--junit needs a file name');

  let files = [...args.positionals];
  if (files.length === 0) {
    files = (await yamlFilesUnder(deps.suitesDir)).map(displayPath);
    if (files.length === 0) {
      sink.err(`vigi-sim: no suites found: no *.yaml under ${displayPath(deps.suitesDir)}`);
      return 1;
    }
  }

  const loaded: { file: string; scenario: Scenario }[] = [];
  let bad = false;
  for (const file of files) {
    const result = await deps.loadScenarioFile(file);
    const problems: ScenarioProblem[] = result.ok
      ? result.scenario.suite ? [] : [{ file, line: 1, column: 1, message: 'this scenario has no "suite": vigi-sim test runs scenarios with a suite of steps (vigi-sim up starts the others)' }]
      : result.problems;
    if (problems.length > 0) {
      bad = true;
      printProblems((line) => sink.err(line), file, problems);
    } else if (result.ok) {
      loaded.push({ file, scenario: result.scenario });
    }
  }
  if (bad) {
    sink.err('vigi-sim: nothing was run');
    return 1;
  }

  const logger = await deps.createLogger();
  const tap = new TapWriter((line) => sink.out(line));
  const reports: SuiteReport[] = [];
  for (const { file, scenario } of loaded) {
    tap.comment(`${scenario.suite?.name ?? file} (${file})`);
    const suiteName = scenario.suite?.name ?? file;
    reports.push(await deps.runScenarioSuite(scenario, file, {
      ...(seed !== undefined ? { seed } : {}),
      ...(logger ? { logger } : {}),
      onResult: (result) => tap.result(suiteName, result),
    }));
  }
  const counts = tap.end();

  let status = counts.failed === 0 && counts.skipped === 0 ? 0 : 1;
  if (junit !== undefined) {
    try {
      await mkdir(dirname(junit), { recursive: true });
      await writeFile(junit, junitReport(reports));
    } catch (error) {
      sink.err(`vigi-sim: could not write ${junit}: ${error instanceof Error ? error.message : String(error)}`);
      status = 1;
    }
  }
  sink.out(tallyLine(counts));
  return status;
}

/** Every `*.yaml` / `*.yml` below `dir`, sorted; none when it does not exist. */
async function yamlFilesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** A path as the user would type it from here, when it is below the current directory. */
function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere && !fromHere.startsWith('..') ? fromHere : path;
}

export const defaultTestDependencies: TestDependencies = {
  loadScenarioFile,
  // Loaded on demand, so `validate` and `help` never load the servers.
  runScenarioSuite: async (scenario, file, runOptions) => (await import('../../protocol/suite-runner/suite-emulator.js')).runScenarioSuite(scenario, file, runOptions),
  createLogger: async () => {
    const { pino } = await import('pino');
    return pino({ name: 'vigi-sim', level: 'warn' }, pino.destination(2));
  },
  suitesDir: projectFile('scenarios/suites/'),
};
