import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd, type RunResult } from '../helpers/run-to-end.js';

/** The checkout: what a consumer's node_modules/vigi-sim points at. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A throwaway project of a vigi-sim user: `{"type":"module"}`, node_modules/vigi-sim linked to
 * this checkout (as `npm link` or a file: dependency does), plus the few packages its files name.
 *
 * With `ownTypes`, node_modules/vigi-sim is a folder of links to the checkout's files instead,
 * except dist-types/, which is left empty for the test to build into (so a test never races
 * anyone else's dist-types/), and node_modules/, the package's own dependencies.
 */
export function consumerProject(options: { links?: readonly string[]; ownTypes?: boolean } = {}): { dir: string; packageDir: string; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'vigi-sim-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  const packageDir = join(dir, 'node_modules', 'vigi-sim');
  if (options.ownTypes) {
    mkdirSync(packageDir);
    for (const entry of readdirSync(projectRoot)) {
      if (entry === 'dist-types' || entry === '.git') continue;
      symlinkSync(join(projectRoot, entry), join(packageDir, entry));
    }
  } else {
    symlinkSync(projectRoot, packageDir, 'dir');
  }
  for (const name of options.links ?? []) symlinkSync(join(projectRoot, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  return {
    dir,
    packageDir,
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment of a plain `node` started by a user: no tsx loader, no tap plumbing from this test run. */
function plainEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TAP|_TAP|NODE_OPTIONS$|VIGI_SIM_NO_COMPILE$)/.test(key)));
}

/** Runs a command to completion in a user's plain environment (killed after timeoutMs); never rejects. */
export function run(command: string, args: readonly string[], cwd: string, timeoutMs = 90_000): Promise<RunResult> {
  return runToEnd(command, args, { cwd, env: plainEnv(), timeoutMs });
}
