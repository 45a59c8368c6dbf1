import { didYouMean } from '../scenarios/did-you-mean.js';
import { upCommand } from './commands/up-command.js';
import type { UpDependencies } from './commands/up-command.js';
import { validateCommand } from './commands/validate-command.js';
import { testCommand } from './commands/test-command.js';
import { faultCommand } from './commands/fault-command.js';
import { composeCommand } from './commands/compose-command.js';
import { checkpointCommand, resetCommand } from './commands/checkpoint-command.js';
import type { OutputSink } from './output-sink.js';
import { packageVersion, usage, usageError } from './usage.js';

const commands = ['up', 'validate', 'test', 'fault', 'checkpoint', 'reset', 'compose', 'help'] as const;

/** Runs one `vigi-sim` command line (without the program name) and resolves with its exit status. */
export async function runCli(argv: readonly string[], sink: OutputSink, upDependencies?: UpDependencies): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      return upCommand(rest, sink, upDependencies);
    case 'validate':
      return validateCommand(rest, sink);
    case 'test':
      return testCommand(rest, sink);
    case 'fault':
      return faultCommand(rest, sink);
    case 'checkpoint':
      return checkpointCommand(rest, sink);
    case 'reset':
      return resetCommand(rest, sink);
    case 'compose':
      return composeCommand(rest, sink);
    case 'help':
    case '--help':
    case '-h':
      sink.out(usage);
      return 0;
    case '--version':
      sink.out(packageVersion());
      return 0;
    case undefined:
      return usageError(sink, 'no command given');
    default: {
      if (command.startsWith('-')) return usageError(sink, `unknown option "${command}"`);
      const guess = didYouMean(command, commands);
      return usageError(sink, `unknown command "${command}"${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
  }
}
