import { createHash } from 'node:crypto';
import { constants, type Dirent } from 'node:fs';
import { access, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { FlashRecord, FlashStore } from '../../devices/kernel/flash-store.js';
import { flashRecordProblems } from './flash-record-shape.js';

/**
 * `--state-dir`: one file per device, `<deviceId>.json`, holding
 * `{ format: "vigi-sim-flash", version: 1, deviceId, record, sha256 }` where `sha256` is the
 * hex SHA-256 of the canonical JSON of `record` (keys sorted, no spaces).
 *
 * A save is atomic and durable before it resolves: the new content goes to
 * `<id>.json.tmp-<pid>-<n>` (created with O_EXCL, mode 0600), is fsynced, renamed over
 * `<id>.json`, and the directory is fsynced so the rename itself survives a power cut. A crash
 * leaves either the old file or the new one, never a mix; at worst a temp file, which the next
 * open ignores and removes. Saves of one device run one after another.
 *
 * Opening reads every state file and refuses the whole directory if any is damaged (does not
 * parse, wrong format, version or device id, checksum mismatch, not a flash record), naming
 * each file and what is wrong. Nothing is ever replaced silently. Messages never quote the
 * record: it holds password MD5 forms and security-answer digests.
 */
export const STATE_FORMAT = 'vigi-sim-flash';
export const STATE_VERSION = 1;

export type OpenedStateDir =
  | { readonly ok: true; readonly store: FileFlashStore; readonly records: Map<string, FlashRecord> }
  | { readonly ok: false; readonly problems: string[] };

/** What a state file holds. */
export interface StateFile {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_VERSION;
  readonly deviceId: string;
  readonly record: FlashRecord;
  readonly sha256: string;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Names some file systems (Windows, SMB shares) refuse, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const TEMP_FILE = /^(.+)\.json\.tmp-(\d+)-(\d+)$/;

/** Whether a device id can be a file name here: letters, digits, `-` and `_`, at most 128. */
export function isSafeDeviceId(deviceId: string): boolean {
  return SAFE_ID.test(deviceId) && !RESERVED.test(deviceId);
}

/** JSON with every object's keys sorted and no whitespace: what the checksum covers. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
    const entries = Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

export function recordChecksum(record: unknown): string {
  return createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex');
}

/** The text of a state file, as `save` writes it. */
export function stateFileText(deviceId: string, record: FlashRecord): string {
  const file: StateFile = { format: STATE_FORMAT, version: STATE_VERSION, deviceId, record, sha256: recordChecksum(record) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export class FileFlashStore implements FlashStore {
  /** The directory, as an absolute path. */
  readonly dir: string;
  #writes = 0;
  readonly #queues = new Map<string, Promise<void>>();

  private constructor(dir: string) {
    this.dir = dir;
  }

  /**
   * Opens (creating it if missing) a state directory and reads every `<deviceId>.json`.
   * Fails, with one problem per damaged file naming its full path, if any file is damaged.
   */
  static async open(dir: string): Promise<OpenedStateDir> {
    const path = resolve(dir);
    const problem = (what: string) => ({ ok: false as const, problems: [`${path}: ${what}`] });
    try {
      const created = await mkdir(path, { recursive: true, mode: 0o700 });
      // A new directory is durable only once its parent's entry for it is.
      if (created !== undefined) await fsyncDirectory(dirname(path)).catch(() => undefined);
    } catch (error) {
      return problem(`the state directory cannot be created (${errorCode(error)})`);
    }
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      return problem(`the state directory cannot be read (${errorCode(error)})`);
    }
    try {
      await access(path, constants.W_OK);
    } catch {
      return problem('the state directory is not writable, so no change could be saved');
    }

    const problems: string[] = [];
    const records = new Map<string, FlashRecord>();
    const leftovers: string[] = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const file = join(path, entry.name);
      const temp = TEMP_FILE.exec(entry.name);
      if (temp) {
        if (!writerIsAlive(Number(temp[2]))) leftovers.push(file);
        continue;
      }
      if (!entry.name.endsWith('.json')) continue;
      const deviceId = entry.name.slice(0, -'.json'.length);
      if (!entry.isFile()) {
        problems.push(`${file}: is not a regular file`);
        continue;
      }
      if (!isSafeDeviceId(deviceId)) {
        problems.push(`${file}: is not a state file name (<device id>.json, the id made of letters, digits, "-" and "_")`);
        continue;
      }
      const read = await readStateFile(file, deviceId);
      if (read.ok) records.set(deviceId, read.record);
      else problems.push(...read.problems.map((what) => `${file}: ${what}`));
    }
    if (problems.length > 0) return { ok: false, problems };
    // Only a crashed writer leaves these; they never held anything acknowledged.
    for (const file of leftovers) await unlink(file).catch(() => undefined);
    return { ok: true, store: new FileFlashStore(path), records };
  }

  /** The state file of a device. */
  fileOf(deviceId: string): string {
    return join(this.dir, `${deviceId}.json`);
  }

  /** Resolves once the record is on disk under `<deviceId>.json`, directory entry included. */
  save(deviceId: string, record: FlashRecord): Promise<void> {
    if (!isSafeDeviceId(deviceId)) return Promise.reject(new Error(`"${deviceId.slice(0, 64)}" cannot be a state file name (letters, digits, "-" and "_" only)`));
    // The record as it will read back (undefined fields dropped), checked so no file is
    // ever written that the next open would refuse.
    const plain = JSON.parse(JSON.stringify(record)) as unknown;
    const problems = flashRecordProblems(plain);
    if (problems.length > 0) return Promise.reject(new Error(`the state of ${deviceId} is not a flash record: ${problems.join('; ')}`));
    const previous = this.#queues.get(deviceId) ?? Promise.resolve();
    const run = previous.then(() => this.#write(deviceId, plain as FlashRecord));
    const tail = run.catch(() => undefined);
    this.#queues.set(deviceId, tail);
    void tail.then(() => {
      if (this.#queues.get(deviceId) === tail) this.#queues.delete(deviceId);
    });
    return run;
  }

  async #write(deviceId: string, record: FlashRecord): Promise<void> {
    const target = this.fileOf(deviceId);
    const temp = `${target}.tmp-${process.pid}-${++this.#writes}`;
    try {
      const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(stateFileText(deviceId, record), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new Error(`could not write ${target} (${errorCode(error)})`);
    }
    try {
      await fsyncDirectory(this.dir);
    } catch (error) {
      throw new Error(`wrote ${target} but could not sync its directory (${errorCode(error)})`);
    }
  }
}

type ReadResult = { ok: true; record: FlashRecord } | { ok: false; problems: string[] };

async function readStateFile(file: string, deviceId: string): Promise<ReadResult> {
  const fail = (what: string): ReadResult => ({ ok: false, problems: [what] });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return fail(`cannot be read (${errorCode(error)})`);
  }
  if (text.trim() === '') return fail('is empty: truncated or damaged');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the text around the error, which may be a password MD5: keep only where.
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return fail(`is not valid JSON${at !== undefined ? ` (at offset ${at} of ${text.length})` : ''}: truncated or damaged`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return fail('is not a vigi-sim state file (not a JSON object)');
  const envelope = parsed as Record<string, unknown>;
  if (envelope.format !== STATE_FORMAT) return fail(`is not a vigi-sim state file ("format" is not "${STATE_FORMAT}")`);
  if (envelope.version !== STATE_VERSION) {
    const version = typeof envelope.version === 'number' ? String(envelope.version) : 'missing';
    return fail(`has state format version ${version}; this vigi-sim reads version ${STATE_VERSION}`);
  }
  if (envelope.deviceId !== deviceId) {
    const named = typeof envelope.deviceId === 'string' ? JSON.stringify(envelope.deviceId.slice(0, 64)) : 'missing';
    return fail(`holds the state of device ${named}, not of "${deviceId}" as its name says`);
  }
  if (typeof envelope.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(envelope.sha256)) return fail('has no valid "sha256" (64 lower-case hex digits)');
  if (!('record' in envelope)) return fail('has no "record"');
  if (recordChecksum(envelope.record) !== envelope.sha256) return fail('checksum mismatch: the record does not match its sha256 (changed or damaged since it was written)');
  const problems = flashRecordProblems(envelope.record);
  if (problems.length > 0) return { ok: false, problems: problems.map((what) => `not a flash record: ${what}`) };
  return { ok: true, record: envelope.record as FlashRecord };
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Whether the process that named a temp file may still be writing it. */
function writerIsAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
