import { hostname } from 'node:os';
import { open, readFile, unlink, utimes, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * One emulator per `--state-dir`. Two writing the same device files would each overwrite what
 * the other acknowledged, so the second start is refused, naming who holds the directory.
 *
 * The lock is `<dir>/.lock` (`{pid, host, startedAt}`), created with O_EXCL and touched every
 * few seconds while held. A lock is stale, and taken over, when its process is gone (same host:
 * the pid no longer runs, as after a SIGKILL) or when nobody touched it for STALE_AFTER_MS (a
 * holder on another host or in another container, whose pid cannot be checked from here).
 * Taking over is best effort: two starts racing for the same stale lock within milliseconds
 * could both win.
 */
export const LOCK_FILE = '.lock';
const TOUCH_EVERY_MS = 5_000;
const STALE_AFTER_MS = 30_000;

/** Directories this process holds, for a second emulator in the same process (same pid). */
const heldHere = new Set<string>();

export interface StateDirLock {
  release(): Promise<void>;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export async function lockStateDir(dir: string): Promise<StateDirLock> {
  const path = resolve(dir);
  const file = join(path, LOCK_FILE);
  if (heldHere.has(path)) throw new Error(`${path} is in use by another emulator in this process; give each its own --state-dir`);
  if (!(await create(file))) {
    const holder = await liveHolder(file);
    if (holder) {
      throw new Error(`${path} is in use by vigi-sim pid ${holder.pid} on ${holder.host} (since ${holder.startedAt}); stop it or give this one another --state-dir. (A lock nobody refreshed for ${STALE_AFTER_MS / 1000} s is taken over.)`);
    }
    await unlink(file).catch(() => undefined);
    if (!(await create(file))) throw new Error(`${path} was locked by another vigi-sim starting at the same moment; give each its own --state-dir`);
  }
  heldHere.add(path);
  const touch = setInterval(() => void utimes(file, new Date(), new Date()).catch(() => undefined), TOUCH_EVERY_MS);
  touch.unref();
  let released: Promise<void> | undefined;
  return {
    release: () => {
      released ??= (async () => {
        clearInterval(touch);
        heldHere.delete(path);
        // Only our own lock: after a takeover by someone else, theirs stays.
        const owner = await readOwner(file);
        if (owner?.pid === process.pid && owner.host === hostname()) await unlink(file).catch(() => undefined);
      })();
      return released;
    },
  };
}

/** Creates the lock file if there is none; false when one exists. */
async function create(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o600);
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`${file}: the lock cannot be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}

/** The holder, if the lock is held by a process that still runs and keeps it fresh. */
async function liveHolder(file: string): Promise<LockOwner | undefined> {
  const owner = await readOwner(file);
  const modified = await stat(file).then((s) => s.mtimeMs, () => 0);
  if (!owner || Date.now() - modified > STALE_AFTER_MS) return undefined;
  if (owner.host === hostname() && (owner.pid === process.pid || !isRunning(owner.pid))) return undefined; // ours: an emulator of this process that is gone
  return owner;
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? 'an unknown time') };
  } catch {
    // Half-written by a start that was killed, or unreadable: nobody can be holding it.
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
