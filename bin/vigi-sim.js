#!/usr/bin/env node
// Entry point of the `vigi-sim` command: runs the TypeScript CLI through tsx's loader, so the
// package works straight from a clone with no build step.
import { register } from 'tsx/esm/api';
register();
await import('../cli/main.ts');
