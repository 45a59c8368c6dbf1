/**
 * The `vigi-sim` command (bin/vigi-sim.js imports this file). Everything a user can get wrong
 * comes back from runCli as an exit status with a message; the catch below is for the rest,
 * so that no stack trace ever reaches the terminal.
 */
import { processSink } from './output-sink.js';
import { runCli } from './run-cli.js';

const fatal = (error: unknown): void => {
  processSink.err(`vigi-sim: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
};
// Errors thrown later by a server callback: one line and out, never a stack trace.
process.on('uncaughtException', fatal).on('unhandledRejection', fatal);

try {
  const code = await runCli(process.argv.slice(2), processSink);
  process.exitCode = code;
  // Should a server leave a handle open after closing, do not hang the terminal.
  setTimeout(() => process.exit(code), 3000).unref();
} catch (error) {
  processSink.err(`vigi-sim: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
