import type { EventSink } from './device-events.js';
import type { FlashRecord, FlashStore } from './flash-store.js';
import { refuse, type Refusal } from './vendor-errors.js';

/**
 * Writes a device's flash before the change is acknowledged. When it cannot be written the
 * change is not made: the caller keeps the old state and answers -40101, as a device whose
 * flash failed would rather than pretend.
 */
export async function saveFlash(ports: { flash?: FlashStore; events: EventSink }, deviceId: string, record: FlashRecord, now: number): Promise<Refusal | undefined> {
  if (!ports.flash) return undefined;
  try {
    await ports.flash.save(deviceId, record);
    return undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ports.events.emit({ type: 'flash-write-failed', deviceId, at: now, reason });
    return refuse('SYSTEM', `The change could not be saved, so it was not made: ${reason}`);
  }
}
