// The CLI's TypeScript, compiled once to plain JavaScript under dist/<fingerprint>/, so that a
// start does not pay for a TypeScript loader (tsx's hooks cost ~0.7 s of every start on Node 20:
// each of ~250 modules is resolved and loaded through a worker thread). The fingerprint covers
// every source file's path, size and mtime, so an edit (or a checkout) compiles anew on the next
// start, in ~0.2 s with esbuild; nothing to run by hand. Compiling is one file per source file,
// not a bundle, so modules that load lazily still do.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCE_DIRS = ['devices', 'protocol', 'scenarios', 'cli'];
const STALE_BUILD_MS = 60 * 60 * 1000;

function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files.sort();
}

/** The entry module's path in a fresh compiled tree, compiling it first if needed; undefined if it cannot be. */
export async function compiledEntry(entry = 'cli/main.ts') {
  try {
    const files = sourceFiles();
    const hash = createHash('sha256');
    for (const file of files) {
      const { size, mtimeMs } = statSync(join(root, file));
      hash.update(`${file}\0${size}\0${mtimeMs}\n`);
    }
    const fingerprint = hash.digest('hex').slice(0, 16);
    const dist = join(root, 'dist');
    const target = join(dist, fingerprint);
    const entryJs = join(target, entry.replace(/\.ts$/, '.js'));
    if (existsSync(entryJs)) return entryJs;

    const { build } = await import('esbuild');
    // Built beside the target and renamed into place: concurrent starts never see half a tree.
    const building = `${target}.tmp-${process.pid}`;
    await build({
      entryPoints: files.map((file) => join(root, file)),
      outdir: building,
      outbase: root,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    writeFileSync(join(building, 'package.json'), '{ "type": "module", "private": true }\n');
    try {
      renameSync(building, target);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another start got there first
    }
    pruneOldBuilds(dist, fingerprint);
    return existsSync(entryJs) ? entryJs : undefined;
  } catch {
    return undefined; // read-only install, no esbuild: the caller runs the sources through tsx
  }
}

/** Compiled trees of older sources, once nothing could still be starting from them. */
function pruneOldBuilds(dist, keep) {
  mkdirSync(dist, { recursive: true });
  for (const name of readdirSync(dist)) {
    if (name === keep) continue;
    const path = join(dist, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // gone already, or in use on a system that refuses: next time
    }
  }
}
