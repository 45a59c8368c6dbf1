// The types of `import ... from 'vigi-sim'` (package.json "exports" → "types"); index.js is the
// runtime side, loading the compiled copy of the same module. Re-exports only.
export * from './protocol/simulator/index.js';
