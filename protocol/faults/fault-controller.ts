import type { Fleet } from '../../devices/fleet.js';
import type { EventSink } from '../../devices/kernel/device-events.js';
import type { Clock } from '../../devices/kernel/clock.js';
import { isRefusal, refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';
import { explainFault, type ActiveFault, type FaultRegistry } from '../../devices/faults/fault-registry.js';
import { globalFaultTypes, isFaultType, probabilisticFaultTypes, type FaultSpec, type FaultType } from '../../devices/faults/fault-spec.js';

/**
 * The one way faults are applied and cleared, whoever asks (control plane, timeline, suite).
 * Device-level faults are inputs to the device machines (`power-off`, `no-internet`), so they
 * go through the same transitions and events as everything else; the others live in the
 * FaultRegistry next to the socket. Every change is journalled with its explanation.
 */
export class FaultController {
  readonly #fleet: Fleet;
  readonly #registry: FaultRegistry;
  readonly #events: EventSink;
  readonly #clock: Clock;
  readonly #changed: (deviceId: string | undefined) => void;

  constructor(deps: { fleet: Fleet; registry: FaultRegistry; events: EventSink; clock: Clock; changed: (deviceId: string | undefined) => void }) {
    this.#fleet = deps.fleet;
    this.#registry = deps.registry;
    this.#events = deps.events;
    this.#clock = deps.clock;
    this.#changed = deps.changed;
  }

  /** Checks a fault given as data (from JSON); a refusal says what is wrong with it. */
  validate(input: unknown, device?: string): FaultSpec | Refusal {
    const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const type = body.type;
    if (!isFaultType(type)) return refuse('INVALID_ARGUMENT', `"type" must be one of power-off, offline, no-internet, latency, mdns-silent, smtp-down; got ${JSON.stringify(type ?? null)}.`);
    const global = (globalFaultTypes as readonly string[]).includes(type);
    if (global && device !== undefined) return refuse('INVALID_ARGUMENT', `${type} is a global fault: POST /__sim/faults.`);
    if (!global && device === undefined) return refuse('INVALID_ARGUMENT', `${type} is a device fault: POST /__sim/devices/<id>/faults.`);
    if (device !== undefined && !this.#fleet.byId(device)) return refuse('DEVICE_UNKNOWN', `No device "${device}".`);
    const ms = body.ms;
    if (type === 'latency' && (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > 60_000)) return refuse('INVALID_ARGUMENT', `latency needs "ms": a whole number of milliseconds from 1 to 60000; got ${JSON.stringify(ms ?? null)}.`);
    const probability = body.probability;
    if (probability !== undefined) {
      if (typeof probability !== 'number' || !(probability > 0 && probability <= 1)) return refuse('INVALID_ARGUMENT', `"probability" must be a number with 0 < p <= 1; got ${JSON.stringify(probability)}.`);
      if (!probabilisticFaultTypes.includes(type)) return refuse('INVALID_ARGUMENT', `${type} is all or nothing; "probability" applies to ${probabilisticFaultTypes.join(', ')}.`);
    }
    return { type, ...(device !== undefined ? { device } : {}), ...(type === 'latency' ? { ms: ms as number } : {}), ...(probability !== undefined ? { probability } : {}) };
  }

  async apply(spec: FaultSpec, source: string): Promise<Refusal | ActiveFault> {
    const device = spec.device !== undefined ? this.#fleet.byId(spec.device) : undefined;
    if (spec.device !== undefined && !device) return refuse('DEVICE_UNKNOWN', `No device "${spec.device}".`);
    if (device && spec.type === 'power-off') {
      const outcome = await device.control({ type: 'power-off' });
      if (isRefusal(outcome) && device.state.power !== 'off') return outcome;
    } else if (device && spec.type === 'no-internet') {
      await device.control({ type: 'set-internet', internet: false });
    }
    const fault = this.#registry.apply(spec, source);
    this.#events.emit({ type: 'fault-applied', deviceId: spec.device ?? 'global', at: this.#clock.now(), fault: spec.type, explain: explainFault(fault) });
    this.#changed(spec.device);
    return fault;
  }

  /** Clears one fault, all of a device's (type absent), or every global one (device absent). */
  async clear(type: FaultType | undefined, deviceId: string | undefined, source: string): Promise<ActiveFault[]> {
    const device = deviceId !== undefined ? this.#fleet.byId(deviceId) : undefined;
    const cleared = this.#registry.clear(type, deviceId);
    if (device && (type === undefined || type === 'power-off') && device.state.power === 'off') await device.control({ type: 'power-on' });
    if (device && (type === undefined || type === 'no-internet') && !device.state.internet) await device.control({ type: 'set-internet', internet: true });
    this.#events.emit({ type: 'fault-cleared', deviceId: deviceId ?? 'global', at: this.#clock.now(), fault: type ?? 'all', by: source });
    this.#changed(deviceId);
    return cleared;
  }

  /** Reports that a fault just changed what a client saw (journal: which fault, which rule). */
  hit(fault: ActiveFault, what: string): void {
    this.#events.emit({ type: 'fault-hit', deviceId: fault.spec.device ?? 'global', at: this.#clock.now(), fault: fault.spec.type, what, explain: explainFault(fault) });
  }

  get registry(): FaultRegistry {
    return this.#registry;
  }
}
