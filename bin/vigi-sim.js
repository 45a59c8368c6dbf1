#!/usr/bin/env node
// Entry point of the `vigi-sim` command. It runs the CLI compiled to JavaScript (bin/compiled-
// sources.js keeps dist/ in step with the sources, compiling on the first start after a change),
// and falls back to running the TypeScript through tsx's loader when it cannot compile (no
// esbuild, a read-only install), so the package always works straight from a clone.
import { compiledEntry } from './compiled-sources.js';

const compiled = process.env.VIGI_SIM_NO_COMPILE ? undefined : await compiledEntry();
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
