/**
 * Faults as data (scenario timelines, the control plane and suites all speak this): where,
 * what, and how sure. Deterministic unless `probability` is given.
 */
export const deviceFaultTypes = ['power-off', 'offline', 'no-internet', 'latency', 'mdns-silent'] as const;
export const globalFaultTypes = ['smtp-down'] as const;
export type DeviceFaultType = (typeof deviceFaultTypes)[number];
export type GlobalFaultType = (typeof globalFaultTypes)[number];
export type FaultType = DeviceFaultType | GlobalFaultType;

export interface FaultSpec {
  readonly type: FaultType;
  /** Device id; absent for global faults (smtp-down). */
  readonly device?: string;
  /** latency only: added delay per request, ms. */
  readonly ms?: number;
  /** 0 < p ≤ 1: each request (or mail) is hit with this probability, drawn from the scenario seed. */
  readonly probability?: number;
}

/** Faults that act per request or per mail, where a probability means something. */
export const probabilisticFaultTypes: readonly FaultType[] = ['offline', 'latency', 'smtp-down'];

export function isFaultType(value: unknown): value is FaultType {
  return typeof value === 'string' && ([...deviceFaultTypes, ...globalFaultTypes] as readonly string[]).includes(value);
}
