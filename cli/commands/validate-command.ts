import { loadScenarioFile } from '../../scenarios/scenario-loader.js';
import type { OutputSink } from '../output-sink.js';
import { parseCommandArgs } from '../parse-args.js';
import { printProblems } from '../print-problems.js';
import { usage, usageError } from '../usage.js';

/**
 * `vigi-sim validate <scenario...>`: checks every file (all of them, even after a bad one) and
 * prints their problems to stdout. Exit 0 when every file is valid, 1 otherwise, 2 on usage.
 */
export async function validateCommand(argv: readonly string[], sink: OutputSink): Promise<number> {
  const args = parseCommandArgs('validate', argv, { help: { type: 'boolean', short: 'h' } });
  if (!args.ok) return usageError(sink, args.message);
  if (args.values.help) {
    sink.out(usage);
    return 0;
  }
  if (args.positionals.length === 0) return usageError(sink, 'validate needs at least one scenario file');

  let failed = false;
  for (const file of args.positionals) {
    const result = await loadScenarioFile(file);
    if (result.ok) {
      const count = result.scenario.devices.length;
      sink.out(`${file}: ok (${count} ${count === 1 ? 'device' : 'devices'})`);
    } else {
      failed = true;
      printProblems((line) => sink.out(line), file, result.problems);
    }
  }
  return failed ? 1 : 0;
}
