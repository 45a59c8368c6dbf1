import type { ServerResponse } from 'node:http';
import type { DeviceEvent, EventSink } from '../../devices/kernel/device-events.js';
import type { DetectionType } from '../../devices/camera/camera-detection.js';

/** Ours: the public description says multipart/mixed, not which boundary. */
export const EVENT_BOUNDARY = 'vigi-event-boundary';

/** A listener that reads nothing is cut off once this much is waiting for it (ours). */
const MAX_UNREAD_BYTES = 1 << 20;

export interface SubscribeOptions {
  /** The kinds asked for; `all` for every kind. */
  readonly types: 'all' | ReadonlySet<DetectionType>;
  readonly heartbeatSeconds: number;
}

interface Subscription extends SubscribeOptions {
  readonly response: ServerResponse;
}

/**
 * The open `subscribeMsg` streams of every camera (research §1.4; VIGICam `openapi_events.py`):
 * one multipart/mixed response per subscriber, held open, with a JSON part per pushed
 * detection (`{"event_type","time"}`, public) and a heartbeat part every `heartbeat` seconds
 * (a JSON object with a `Heartbeat` key, public; its value is ours). An EventSink: it hears the
 * devices' `detected` events. A stream ends when its connection does (power-off, factory reset
 * and OpenAPI switched off drop the device's connections).
 */
export class CameraEventStreams implements EventSink {
  readonly #byDevice = new Map<string, Set<Subscription>>();
  readonly #now: () => number;

  /** `now`: the device clock (virtual), for the heartbeat's time. */
  constructor(now: () => number) {
    this.#now = now;
  }

  /** Starts a stream on `response`: the reply part at once, then heartbeats and events. */
  open(deviceId: string, response: ServerResponse, options: SubscribeOptions): void {
    const subscription: Subscription = { ...options, response };
    const subscribers = this.#byDevice.get(deviceId) ?? new Set<Subscription>();
    this.#byDevice.set(deviceId, subscribers.add(subscription));
    response.socket?.setTimeout(0); // the heartbeats keep it alive, not the server's idle timeout
    response.writeHead(200, { 'content-type': `multipart/mixed; boundary=${EVENT_BOUNDARY}`, 'cache-control': 'no-cache', connection: 'close' });
    write(subscription, { method: 'subscribeMsg', errCode: 0 });
    const heartbeat = setInterval(() => write(subscription, { Heartbeat: { time: Math.floor(this.#now() / 1000) } }), options.heartbeatSeconds * 1000);
    heartbeat.unref();
    response.once('close', () => {
      clearInterval(heartbeat);
      subscribers.delete(subscription);
      if (subscribers.size === 0 && this.#byDevice.get(deviceId) === subscribers) this.#byDevice.delete(deviceId);
    });
  }

  /** How many streams a device has open. */
  count(deviceId: string): number {
    return this.#byDevice.get(deviceId)?.size ?? 0;
  }

  emit(event: DeviceEvent): void {
    if (event.type !== 'detected' || event.pushed !== true) return;
    const eventType = event.eventType as DetectionType;
    for (const subscription of this.#byDevice.get(event.deviceId) ?? []) {
      if (subscription.types === 'all' || subscription.types.has(eventType)) write(subscription, { event_type: eventType, time: event.time });
    }
  }
}

function write({ response }: Subscription, body: unknown): void {
  if (response.destroyed || response.writableEnded) return;
  if (response.writableLength > MAX_UNREAD_BYTES) {
    response.destroy(); // not reading: drop it rather than hold its backlog
    return;
  }
  const json = JSON.stringify(body);
  response.write(`--${EVENT_BOUNDARY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}\r\n`);
}
