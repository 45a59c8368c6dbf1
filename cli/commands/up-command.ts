import { relative, basename, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { EmulatorOptions, RunningEmulator } from '../../protocol/emulator.js';
import { generateTopology } from '../../scenarios/generated-topology.js';
import { loadScenarioFile } from '../../scenarios/scenario-loader.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import type { OutputSink } from '../output-sink.js';
import { printProblems } from '../print-problems.js';
import { packageVersion, usage, usageError } from '../usage.js';
import { parseUpArgs } from './up-args.js';
import { upBanner } from './up-banner.js';
import { projectFile } from '../../protocol/project-files.js';
import { shardScenario } from '../../scenarios/scenario-shard.js';
import { didYouMean } from '../../scenarios/did-you-mean.js';

/** What `up` needs from the outside world; tests replace it. */
export interface UpDependencies {
  startEmulator(options: EmulatorOptions): Promise<RunningEmulator>;
  /** Resolves when the user asks to stop (SIGINT or SIGTERM). */
  waitForStop(): Promise<void>;
  /** Logger handed to the emulator (the default: warnings and errors, as JSON lines on stderr). */
  createLogger(): Promise<Logger | undefined>;
  /** Path of the scenario used when none is given. */
  readonly defaultScenario: string;
  /** Environment variables (VIGI_SIM_TOKEN). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * `vigi-sim up [scenario]` or `vigi-sim up --cameras N [--nvrs M]`: load and check the scenario
 * (nothing starts if it has problems), or generate the topology, start the emulator, print where everything is, run until a signal, then close cleanly.
 * With `--state-dir`, the directory is checked first: a damaged state file is printed with its
 * path and nothing starts.
 * Exit 0 after a clean stop, 1 on a bad scenario, a damaged state directory or a failure, 2 on a bad command line.
 */
export async function upCommand(argv: readonly string[], sink: OutputSink, deps: UpDependencies = defaultUpDependencies): Promise<number> {
  const parsed = parseUpArgs(argv, deps.env);
  if (!parsed.ok) return usageError(sink, parsed.message);
  const args = parsed.value;
  if (args.help) {
    sink.out(usage);
    return 0;
  }

  let scenario: Scenario;
  let file = '';
  if (args.topology) {
    scenario = generateTopology({ ...args.topology, ...(args.seed !== undefined ? { seed: args.seed } : {}) });
  } else {
    file = args.scenario ?? displayPath(deps.defaultScenario);
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) {
      printProblems((line) => sink.err(line), file, loaded.problems);
      sink.err('vigi-sim: nothing was started');
      return 1;
    }
    scenario = loaded.scenario;
  }
  const seed = args.seed ?? scenario.seed;
  if (args.only) {
    const ids = scenario.devices.map((d) => d.id);
    const unknown = args.only.filter((id) => !ids.includes(id));
    if (unknown.length > 0) {
      const guess = didYouMean(unknown[0]!, ids);
      return usageError(sink, `--only: no device "${unknown[0]}" in this scenario${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
  }
  if (args.shard) {
    const sliced = shardScenario(scenario, args.shard, seed);
    if (!sliced.ok) return usageError(sink, sliced.message);
    scenario = sliced.value;
  }
  let resumed = 0;
  if (args.stateDir !== undefined) {
    // Checked before anything binds a port: a damaged state file is reported, never replaced.
    const { FileFlashStore } = await import('../../protocol/state/file-flash-store.js');
    const opened = await FileFlashStore.open(args.stateDir);
    if (!opened.ok) {
      for (const problem of opened.problems) sink.err(problem);
      sink.err(`vigi-sim: the state directory ${args.stateDir} cannot be used (${opened.problems.length} ${opened.problems.length === 1 ? 'problem' : 'problems'}); nothing was started`);
      sink.err('vigi-sim: repair or move the damaged files away (a device without a file starts as the scenario says), or use another --state-dir');
      return 1;
    }
    resumed = scenario.devices.filter((device) => opened.records.get(device.id)?.kind === device.kind).length;
  }
  const logger = await deps.createLogger();

  let emulator: RunningEmulator;
  try {
    emulator = await deps.startEmulator({
      scenario,
      control: args.control,
      ...(args.smtpUrl !== undefined ? { smtpUrl: args.smtpUrl } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(args.deviceHost !== undefined ? { deviceHost: args.deviceHost } : {}),
      ...(args.token !== undefined ? { token: args.token } : {}),
      ...(args.stateDir !== undefined ? { stateDir: args.stateDir } : {}),
      ...(args.mdnsPort !== undefined ? { mdnsPort: args.mdnsPort } : {}),
      ...(args.wsDiscoveryPort !== undefined ? { wsDiscoveryPort: args.wsDiscoveryPort } : {}),
      ...(args.devicePorts !== undefined ? { devicePorts: { ...args.devicePorts } } : {}),
      ...(args.discoveryInterface !== undefined ? { discoveryInterface: args.discoveryInterface } : {}),
      ...(args.only !== undefined ? { runOnly: new Set(args.only) } : {}),
      ...(logger ? { logger } : {}),
    });
  } catch (error) {
    sink.err(`vigi-sim: could not start the emulator: ${messageOf(error)}`);
    return 1;
  }

  const title = `vigi-sim ${packageVersion()}: scenario "${scenario.name ?? basename(file)}"`;
  const banner = upBanner(title, scenario, emulator);
  if (args.stateDir !== undefined) {
    const after = banner.findIndex((line) => line.startsWith('  SMTP'));
    const note = resumed > 0 ? ` (${resumed} of ${scenario.devices.length} devices resumed from it; their passwords may differ from the scenario's)` : ' (nothing saved for these devices yet: they start as the scenario says)';
    banner.splice(after + 1, 0, `  State dir      ${resolve(args.stateDir)}${note}`);
  }
  for (const line of banner) sink.out(line);

  await deps.waitForStop();
  sink.out('Stopping...');
  try {
    await emulator.close();
  } catch (error) {
    sink.err(`vigi-sim: error while stopping: ${messageOf(error)}`);
    return 1;
  }
  sink.out('Stopped.');
  return 0;
}

const quickstart = projectFile('scenarios/quickstart.yaml');

export const defaultUpDependencies: UpDependencies = {
  // Loaded on demand, so `validate` and `help` never load the servers.
  startEmulator: async (options) => (await import('../../protocol/emulator.js')).startEmulator(options),
  waitForStop: () =>
    new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop).off('SIGTERM', stop);
        // A second Ctrl+C while closing means "now".
        process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(143));
        resolve();
      };
      process.on('SIGINT', stop).on('SIGTERM', stop);
    }),
  createLogger: async () => {
    const { pino } = await import('pino');
    return pino({ name: 'vigi-sim', level: 'warn' }, pino.destination(2));
  },
  defaultScenario: quickstart,
  env: process.env,
};

/** The quickstart path as the user would type it from here, when it is below the current directory. */
function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere && !fromHere.startsWith('..') ? fromHere : path;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
