import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { planCompose } from '../../scenarios/compose-plan.js';
import { loadScenarioFile } from '../../scenarios/scenario-loader.js';
import type { OutputSink } from '../output-sink.js';
import { parseCommandArgs } from '../parse-args.js';
import { printProblems } from '../print-problems.js';
import { usage, usageError } from '../usage.js';

/**
 * `vigi-sim compose <scenario> [--out <dir>] [--subnet <cidr>] [--network bridge|macvlan]
 * [--parent <if>] [--image <name>]`: writes `<dir>/docker-compose.yml` with one container per
 * device and `<dir>/scenario.yaml`, the scenario with each device at its container's address
 * (scenarios/compose-plan.ts). Exit 0 when written, 1 on a bad scenario, 2 on a bad command line.
 */
export async function composeCommand(argv: readonly string[], sink: OutputSink): Promise<number> {
  const args = parseCommandArgs('compose', argv, {
    out: { type: 'string' }, subnet: { type: 'string' }, network: { type: 'string' }, parent: { type: 'string' }, image: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!args.ok) return usageError(sink, args.message);
  if (args.values.help) {
    sink.out(usage);
    return 0;
  }
  const text = (name: string): string | undefined => (typeof args.values[name] === 'string' ? (args.values[name] as string) : undefined);
  if (args.positionals.length !== 1) return usageError(sink, `compose takes one scenario file, got ${args.positionals.length}`);
  const driver = text('network') ?? 'bridge';
  if (driver !== 'bridge' && driver !== 'macvlan') return usageError(sink, `--network "${driver}" is not bridge or macvlan`);
  const file = args.positionals[0]!;
  const loaded = await loadScenarioFile(file);
  if (!loaded.ok) {
    printProblems((line) => sink.err(line), file, loaded.problems);
    sink.err('vigi-sim: nothing was written');
    return 1;
  }
  const parent = text('parent');
  const plan = planCompose(loaded.scenario, (await readFile(file, 'utf8')).replace(/^\uFEFF/, ''), {
    subnet: text('subnet') ?? '172.30.0.0/16',
    driver,
    ...(parent !== undefined ? { parent } : {}),
    image: text('image') ?? 'vigi-sim:local',
    scenarioFile: 'scenario.yaml',
  });
  if (!plan.ok) return usageError(sink, plan.message);
  const out = text('out') ?? 'vigi-sim-compose';
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'scenario.yaml'), plan.value.scenarioText);
  await writeFile(join(out, 'docker-compose.yml'), plan.value.composeText);
  sink.out(`Wrote ${relative('.', join(out, 'docker-compose.yml')) || 'docker-compose.yml'} (${plan.value.addresses.size} devices + Mailpit) and ${join(out, 'scenario.yaml')}.`);
  for (const [id, ip] of plan.value.addresses) sink.out(`  ${id.padEnd(16)} ${ip}`);
  sink.out(`Then: docker build -t vigi-sim:local <vigi-sim folder> && (cd ${out} && docker compose up -d)`);
  return 0;
}
