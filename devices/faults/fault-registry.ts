import type { Clock } from '../kernel/clock.js';
import { randomInt, type Rng } from '../kernel/rng.js';
import type { FaultSpec, FaultType } from './fault-spec.js';

/**
 * The faults in force that live outside the device machines: network ones next to the socket
 * (`offline`, `latency`, `mdns-silent`) and global ones (`smtp-down`). Deterministic unless a
 * fault has a `probability`, drawn from the seeded Rng so a run can be replayed. Every fault
 * can say why it exists (`explain`), so a refusal it causes can be traced back to it.
 */
export interface ActiveFault {
  readonly spec: FaultSpec;
  /** Who applied it: "control plane", "timeline[2] (file.yaml:31:5)", a suite step... */
  readonly source: string;
  readonly appliedAt: number;
  hits: number;
}

const key = (type: FaultType, device?: string) => `${device ?? '*'}:${type}`;

export class FaultRegistry {
  readonly #active = new Map<string, ActiveFault>();
  readonly #clock: Clock;
  readonly #rng: Rng;

  constructor(clock: Clock, rng: Rng) {
    this.#clock = clock;
    this.#rng = rng;
  }

  apply(spec: FaultSpec, source: string): ActiveFault {
    const fault: ActiveFault = { spec, source, appliedAt: this.#clock.now(), hits: 0 };
    this.#active.set(key(spec.type, spec.device), fault);
    return fault;
  }

  /** Clears one fault, or every fault of a device (type absent), or everything (both absent). */
  clear(type?: FaultType, device?: string): ActiveFault[] {
    const cleared = [...this.#active.entries()].filter(([, f]) => (type === undefined || f.spec.type === type) && (device === undefined || f.spec.device === device));
    for (const [k] of cleared) this.#active.delete(k);
    return cleared.map(([, f]) => f);
  }

  get(type: FaultType, device?: string): ActiveFault | undefined {
    return this.#active.get(key(type, device));
  }

  /** Does the fault strike this time? Always for deterministic faults; with its probability otherwise. */
  strikes(type: FaultType, device?: string): ActiveFault | undefined {
    const fault = this.get(type, device);
    if (!fault) return undefined;
    const p = fault.spec.probability;
    if (p !== undefined && randomInt(this.#rng, 1_000_000) >= p * 1_000_000) return undefined;
    fault.hits += 1;
    return fault;
  }

  of(device: string): ActiveFault[] {
    return [...this.#active.values()].filter((f) => f.spec.device === device);
  }

  global(): ActiveFault[] {
    return [...this.#active.values()].filter((f) => f.spec.device === undefined);
  }

  all(): ActiveFault[] {
    return [...this.#active.values()];
  }
}

export function explainFault(fault: ActiveFault): string {
  const { spec } = fault;
  const what = spec.type === 'latency' ? `latency ${spec.ms} ms` : spec.type;
  const odds = spec.probability !== undefined ? ` with probability ${spec.probability}` : '';
  return `${spec.device ?? 'global'}: ${what}${odds}, applied by ${fault.source} (${fault.hits} hit${fault.hits === 1 ? '' : 's'})`;
}
