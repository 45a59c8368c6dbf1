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

/**
 * Puts each device's flash back. A channel to a camera of this scenario is pointed at the HTTPS
 * port the emulator listens on now: with ephemeral ports (`--device-ports 0,0`) a restart binds
 * other ones, and the NVR would otherwise knock on the old port forever. A file that holds
 * another kind of device than the scenario's (the scenario changed) stops the start: resuming
 * it is impossible, and starting over would overwrite it at the first save.
 */
export function resumeFromFlash(fleet: Fleet, records: ReadonlyMap<string, FlashRecord>, now: { readonly httpsPort: number; readonly scenarioIps: ReadonlySet<string> }): void {
  const mismatched = fleet.list().filter((device) => records.has(device.id) && records.get(device.id)!.kind !== device.kind);
  if (mismatched.length > 0) {
    const lines = mismatched.map((device) => `${device.id}: the state directory holds ${records.get(device.id)!.kind === 'nvr' ? 'an NVR' : 'a camera'}, the scenario says ${device.kind === 'nvr' ? 'an NVR' : 'a camera'}`);
    throw new Error(`the state directory does not fit this scenario:\n  ${lines.join('\n  ')}\n  move those files away (the devices then start as the scenario says), or use another --state-dir`);
  }
  for (const device of fleet.list()) {
    const record = records.get(device.id);
    if (!record) continue;
    if (device.kind === 'nvr' && record.kind === 'nvr') {
      const channels = record.channels.map((channel) => (now.scenarioIps.has(channel.ip) && channel.port !== now.httpsPort ? { ...channel, port: now.httpsPort } : channel));
      device.restore({ ...device.state, flash: record.flash, channels });
    } else if (device.kind === 'camera') device.restore({ ...device.state, flash: record.flash });
  }
}
