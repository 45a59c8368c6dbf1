import { createSocket } from 'node:dgram';
import type { Logger } from 'pino';
import type { EmulatorOptions, RunningEmulator } from '../emulator.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import { runSuite, type RunSuiteOptions } from './run-suite.js';
import type { StepResult, SuiteReport } from './step-result.js';

/**
 * One suite file's world: its scenario started on free ports of its own (control plane and
 * device listeners on port 0, mDNS and WS-Discovery on free UDP ports), so a suite run never
 * collides with a running `vigi-sim up` or with another suite run; the suite run against it;
 * everything closed again.
 */
export interface SuiteEmulatorOptions {
  readonly seed?: number;
  readonly logger?: Logger;
  /** How the emulator is started (tests replace it). */
  readonly startEmulator?: (options: EmulatorOptions) => Promise<RunningEmulator>;
  readonly onResult?: RunSuiteOptions['onResult'];
}

/** A UDP port nobody is bound to right now (the system's choice). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '0.0.0.0', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export async function startSuiteEmulator(scenario: Scenario, options: SuiteEmulatorOptions = {}): Promise<RunningEmulator> {
  const start = options.startEmulator ?? (await import('../emulator.js')).startEmulator;
  const mdnsPort = await freeUdpPort();
  let wsDiscoveryPort = await freeUdpPort();
  while (wsDiscoveryPort === mdnsPort) wsDiscoveryPort = await freeUdpPort();
  const seed = options.seed ?? scenario.seed;
  return start({
    scenario,
    control: { host: '127.0.0.1', port: 0 },
    devicePorts: { http: 0, https: 0 },
    mdnsPort,
    wsDiscoveryPort,
    ...(seed !== undefined ? { seed } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/**
 * Starts the scenario, runs its suite, closes it. A scenario that fails to start is reported as
 * one failed step, so the run goes on with the next file.
 */
export async function runScenarioSuite(scenario: Scenario, file: string | undefined, options: SuiteEmulatorOptions = {}): Promise<SuiteReport> {
  const suite = scenario.suite ?? { name: scenario.name ?? file ?? 'suite', steps: [] };
  const base = { suite: suite.name, ...(file !== undefined ? { file } : {}) };
  let emulator: RunningEmulator;
  const started = performance.now();
  try {
    emulator = await startSuiteEmulator(scenario, options);
  } catch (error) {
    const result: StepResult = {
      name: 'start the scenario',
      ok: false,
      durationMs: Math.round(performance.now() - started),
      message: `the emulator did not start: ${error instanceof Error ? error.message : String(error)}`,
      ...(file !== undefined ? { location: file } : {}),
    };
    options.onResult?.(result, 0);
    return { ...base, results: [result] };
  }
  try {
    const results = await runSuite(suite, { emulator, controlUrl: emulator.controlUrl, ...(options.onResult ? { onResult: options.onResult } : {}) });
    return { ...base, results };
  } finally {
    await emulator.close();
  }
}
