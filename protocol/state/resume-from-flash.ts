import type { Device, Fleet } from '../../devices/fleet.js';
import type { FlashRecord } from '../../devices/kernel/flash-store.js';
import { FileFlashStore } from './file-flash-store.js';
import { lockStateDir, type StateDirLock } from './state-dir-lock.js';

/**
 * `--state-dir`: devices come back with what they kept in flash (activation, password, reset
 * setup, NVR channels) and start with empty RAM, as after a power cut. A damaged state file
 * stops the start with its path; it is never silently replaced. One emulator per directory:
 * release the lock when the emulator stops.
 */
export async function openStateDir(dir: string): Promise<{ store: FileFlashStore; records: ReadonlyMap<string, FlashRecord>; lock: StateDirLock }> {
  const opened = await FileFlashStore.open(dir);
  if (!opened.ok) throw new Error(`the state directory cannot be used:\n  ${opened.problems.join('\n  ')}`);
  const lock = await lockStateDir(opened.store.dir).catch((error: unknown) => {
    throw new Error(`the state directory cannot be used: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  return { store: opened.store, records: opened.records, lock };
}

export function flashRecordOf(device: Device): FlashRecord {
  return device.kind === 'nvr'
    ? { kind: 'nvr', flash: device.state.flash, channels: device.state.channels }
    : { kind: 'camera', flash: device.state.flash };
}

export function resumeFromFlash(fleet: Fleet, records: ReadonlyMap<string, FlashRecord>): void {
  for (const device of fleet.list()) {
    const record = records.get(device.id);
    if (!record || record.kind !== device.kind) continue;
    if (device.kind === 'nvr' && record.kind === 'nvr') device.restore({ ...device.state, flash: record.flash, channels: record.channels });
    else if (device.kind === 'camera') device.restore({ ...device.state, flash: record.flash });
  }
}
