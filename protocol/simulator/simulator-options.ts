import { resolve } from 'node:path';
import { didYouMean } from '../../scenarios/did-you-mean.js';
import { generateTopology, topologyProblem } from '../../scenarios/generated-topology.js';
import { loadScenarioFile, validateScenarioValue, type ScenarioResult } from '../../scenarios/scenario-loader.js';
import type { Scenario, ScenarioProblem } from '../../scenarios/scenario-types.js';
import { parseSmtpUrl } from '../mail/smtp-url.js';
import { projectFile } from '../project-files.js';
import type { ScenarioDefinition } from './scenario-definition.js';

/** What `startSimulator` accepts. Every field is optional: `startSimulator()` runs the quickstart. */
export interface SimulatorOptions {
  /**
   * A scenario file (YAML or JSON; a relative path is resolved from the current directory), a
   * scenario written as an object (the file's shape), or absent for the quickstart (one NVR, four
   * cameras, admin / `Vigi#Admin1`). Not together with `cameras`.
   */
  readonly scenario?: string | ScenarioDefinition;
  /** A generated topology instead of a scenario: this many cameras (`vigi-sim up --cameras`). */
  readonly cameras?: number;
  /** With `cameras`: this many NVRs, each on its own LAN (default 0). */
  readonly nvrs?: number;
  /** Makes MACs, serials, nonces, stoks and codes reproducible (overrides the scenario's seed). */
  readonly seed?: number;
  /** Send reset mail to this SMTP server (e.g. Mailpit) instead of the embedded mailbox. */
  readonly smtpUrl?: string;
  /** Keep what devices keep in flash in this directory, and resume from it. */
  readonly stateDir?: string;
  /** A bearer token the control plane then requires (the simulator's own calls send it). */
  readonly token?: string;
  /**
   * `'private'` (default): mDNS and WS-Discovery on free ports of this simulator's own, so
   * simulators never hear each other. `'standard'`: 5353 and 3702, for a client that browses
   * the real ports (one such simulator at a time on a machine).
   */
  readonly discovery?: 'private' | 'standard';
  /** How often NVRs poll their channels, in ms (default 3,000). */
  readonly nvrPollMs?: number;
}

const KNOWN = ['scenario', 'cameras', 'nvrs', 'seed', 'smtpUrl', 'stateDir', 'token', 'discovery', 'nvrPollMs'] as const;

/** An option or scenario the simulator cannot start with; `problems` lists a scenario's, with file:line:column. */
export class SimulatorOptionsError extends Error {
  readonly problems: readonly ScenarioProblem[];

  constructor(message: string, problems: readonly ScenarioProblem[] = []) {
    super(message);
    this.name = 'SimulatorOptionsError';
    this.problems = problems;
  }
}

const fail = (message: string): never => {
  throw new SimulatorOptionsError(`startSimulator: ${message}`);
};

/** Checks the options (throwing a SimulatorOptionsError that says what is wrong) and loads the scenario. */
export async function resolveSimulatorOptions(input: unknown): Promise<{ options: SimulatorOptions; scenario: Scenario }> {
  if (input === undefined) input = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail(`options must be an object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`);
  const options = input as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if ((KNOWN as readonly string[]).includes(key)) continue;
    const guess = didYouMean(key, KNOWN);
    fail(`unknown option "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; the options are ${KNOWN.join(', ')}`);
  }
  const { scenario, cameras, nvrs, seed, smtpUrl, stateDir, token, discovery, nvrPollMs } = options;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0)) fail(`seed must be a whole number (0 or more), got ${show(seed)}`);
  if (smtpUrl !== undefined) {
    if (typeof smtpUrl !== 'string') fail(`smtpUrl must be a string such as "smtp://127.0.0.1:1025", got ${show(smtpUrl)}`);
    try {
      parseSmtpUrl(smtpUrl as string);
    } catch (error) {
      fail(`smtpUrl: ${(error as Error).message}`);
    }
  }
  if (stateDir !== undefined && (typeof stateDir !== 'string' || stateDir.trim() === '')) fail(`stateDir must be a directory path, got ${show(stateDir)}`);
  if (token !== undefined && (typeof token !== 'string' || token.trim() === '')) fail(`token must be a non-empty string, got ${show(token)}`);
  if (discovery !== undefined && discovery !== 'private' && discovery !== 'standard') fail(`discovery must be "private" (free ports of its own, the default) or "standard" (5353 and 3702), got ${show(discovery)}`);
  if (nvrPollMs !== undefined && (typeof nvrPollMs !== 'number' || !Number.isInteger(nvrPollMs) || nvrPollMs < 10 || nvrPollMs > 3_600_000)) fail(`nvrPollMs must be a whole number of milliseconds from 10 to 3600000, got ${show(nvrPollMs)}`);
  if (nvrs !== undefined && cameras === undefined) fail('nvrs goes with cameras (e.g. { cameras: 8, nvrs: 1 })');
  if (cameras !== undefined && scenario !== undefined) fail('give a scenario or cameras (a generated topology), not both');

  let loaded: Scenario;
  if (cameras !== undefined) {
    const topology = { cameras: cameras as number, nvrs: (nvrs ?? 0) as number, ...(seed !== undefined ? { seed: seed as number } : {}) };
    const problem = typeof cameras === 'number' && (nvrs === undefined || typeof nvrs === 'number') ? topologyProblem(topology) : `cameras and nvrs must be numbers, got ${show(cameras)} and ${show(nvrs)}`;
    if (problem) fail(problem);
    loaded = generateTopology(topology);
  } else if (scenario === undefined || typeof scenario === 'string') {
    if (typeof scenario === 'string' && scenario.trim() === '') fail('scenario must be a file path or a scenario object, got an empty string');
    const path = scenario === undefined ? projectFile('scenarios/quickstart.yaml') : resolve(scenario);
    loaded = scenarioOrThrow(await loadScenarioFile(path), path);
  } else if (typeof scenario === 'object' && scenario !== null && !Array.isArray(scenario)) {
    loaded = scenarioOrThrow(validateScenarioValue(scenario), 'the scenario object');
  } else {
    return fail(`scenario must be a file path or a scenario object, got ${show(scenario)}`);
  }
  return { options: options as SimulatorOptions, scenario: loaded };
}

function scenarioOrThrow(result: ScenarioResult, where: string): Scenario {
  if (result.ok) return result.scenario;
  const lines = result.problems.map((p) => `  ${p.file}:${p.line}:${p.column}: ${p.message}`);
  const count = `${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'}`;
  throw new SimulatorOptionsError(`startSimulator: ${count} in ${where}, nothing was started:\n${lines.join('\n')}`, result.problems);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
