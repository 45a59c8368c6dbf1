#!/usr/bin/env node
// The published types of `import ... from 'vigi-sim'` (package.json "exports" → "types"):
// declarations emitted from index.ts into dist-types/, so that a user's tsc reads .d.ts files
// under their own compiler options instead of type-checking this project's sources. Run by
// `prepare` (npm install in a clone, a git dependency, npm pack); idempotent.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
// Another directory (absolute, or relative to the project) for tests that must not touch dist-types/.
const out = resolve(root, process.argv[2] ?? 'dist-types');

if (!existsSync(tsc) || !existsSync(new URL('../index.ts', import.meta.url))) {
  // A production install (no TypeScript) or a Docker layer before the sources: nothing to build.
  console.error('build-types: TypeScript or the sources are not here; no declarations built');
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
const result = spawnSync(process.execPath, [
  tsc, 'index.ts',
  '--declaration', '--emitDeclarationOnly', '--outDir', out, '--rootDir', '.',
  '--target', 'ES2022', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--lib', 'ES2023', '--types', 'node',
  '--strict', '--exactOptionalPropertyTypes', '--resolveJsonModule', '--skipLibCheck',
], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
