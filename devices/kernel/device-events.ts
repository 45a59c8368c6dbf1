/**
 * What devices report about themselves: one journal entry per state change, with the virtual
 * time it happened at. Names are past tense (`password-reset`, `powered-off`).
 */
export interface DeviceEvent {
  readonly type: string;
  readonly deviceId: string;
  /** Virtual time in ms since the epoch. */
  readonly at: number;
  readonly [detail: string]: unknown;
}

export interface EventSink {
  emit(event: DeviceEvent): void;
}

/** Keeps events in memory: for tests and for the control plane's recent-events view. */
export class MemoryEventSink implements EventSink {
  readonly events: DeviceEvent[] = [];
  readonly #limit: number;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  emit(event: DeviceEvent): void {
    this.events.push(event);
    if (this.events.length > this.#limit) this.events.splice(0, this.events.length - this.#limit);
  }

  ofType(type: string): DeviceEvent[] {
    return this.events.filter((event) => event.type === type);
  }
}

/** Fans one event out to several sinks (journal, log, WebSocket stream). */
export class FanOutEventSink implements EventSink {
  readonly #sinks: EventSink[];

  constructor(...sinks: EventSink[]) {
    this.#sinks = sinks;
  }

  add(sink: EventSink): void {
    this.#sinks.push(sink);
  }

  emit(event: DeviceEvent): void {
    for (const sink of this.#sinks) sink.emit(event);
  }
}
