import { SeededRng } from '../devices/kernel/rng.js';
import { addressesOf, identitiesOf } from './scenario-fleet.js';
import type { Scenario, ScenarioDevice } from './scenario-types.js';
import type { TimelineEntry } from './timeline-types.js';

/**
 * One slice of a topology too large for one process (`vigi-sim up --shard k/n`), cut along LANs:
 * an NVR adds and discovers only cameras on its own LAN, so a LAN never needs another process.
 * The LANs, in the order the scenario first names them, go round-robin: LAN i to shard
 * (i mod n) + 1. Every device keeps the address (and, with a seed, the MAC, UUID and serial) it
 * has in the whole scenario, so n shards together are the whole, with no address twice.
 * Timeline entries that name a device of another shard stay with that shard; global ones
 * (smtp-down) run in every shard, since each shard has its own mail.
 */
export interface ShardSpec {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export const MAX_SHARDS = 1000;

/** `"2/4"` → `{index: 2, count: 4}`, or a message saying what is wrong. */
export function parseShard(text: string): { ok: true; value: ShardSpec } | { ok: false; message: string } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    return { ok: false, message: `--shard "${text}" is not <k>/<n> with 1 ≤ k ≤ n ≤ ${MAX_SHARDS} (e.g. --shard 2/4)` };
  }
  return { ok: true, value: { index, count } };
}

/** The LANs of a scenario in the order it first names them. */
export function lansOf(scenario: Scenario): string[] {
  return [...new Set(scenario.devices.map((d) => d.lan))];
}

/** Which shard (1-based) a LAN belongs to. */
export function shardOfLan(lans: readonly string[], lan: string, count: number): number {
  return (lans.indexOf(lan) % count) + 1;
}

function devicesNamedBy(entry: TimelineEntry): (string | undefined)[] {
  return [
    'after' in entry ? entry.after.device : undefined,
    'apply' in entry ? entry.apply.device : undefined,
    'clear' in entry ? entry.clear.device : undefined,
    'factoryReset' in entry ? entry.factoryReset.device : undefined,
    'detect' in entry ? entry.detect.device : undefined,
  ];
}

/** The entries that concern only devices running here (global ones always do). */
export function timelineFor(entries: readonly TimelineEntry[], runsHere: (id: string) => boolean): TimelineEntry[] {
  return entries.filter((entry) => devicesNamedBy(entry).every((id) => id === undefined || runsHere(id)));
}

/**
 * The shard's scenario, or a message when the cut makes no sense (a suite, or more shards than
 * LANs). `seed` is the one the emulator will use (`--seed` or the file's).
 */
export function shardScenario(scenario: Scenario, shard: ShardSpec, seed?: number): { ok: true; value: Scenario } | { ok: false; message: string } {
  if (scenario.suite) return { ok: false, message: '--shard splits a topology; a suite runs whole (vigi-sim test)' };
  const lans = lansOf(scenario);
  if (shard.count > lans.length) {
    return {
      ok: false,
      message: `--shard ${shard.index}/${shard.count}: the topology has ${lans.length} LAN${lans.length === 1 ? '' : 's'} (${lans.slice(0, 5).join(', ')}${lans.length > 5 ? ', ...' : ''}) and shards are cut along LANs, so at most ${lans.length} shard${lans.length === 1 ? '' : 's'}${lans.length === 1 ? '; give devices a "lan", or use --nvrs with --cameras (one LAN per NVR)' : ''}`,
    };
  }
  // The addresses the whole scenario has, and with a seed its identities: the same draws in the same order.
  const addresses = addressesOf(scenario);
  const identities = seed !== undefined ? identitiesOf(scenario, new SeededRng(seed)) : undefined;
  const mine = new Set(scenario.devices.filter((d) => shardOfLan(lans, d.lan, shard.count) === shard.index).map((d) => d.id));
  const devices = scenario.devices.filter((d) => mine.has(d.id)).map((device): ScenarioDevice => {
    const identity = identities?.get(device.id);
    return { ...device, ip: addresses.get(device.id)!, ...(identity ? { mac: identity.mac, uuid: identity.uuid, serial: identity.serial } : {}) };
  });
  const timeline = timelineFor(scenario.timeline, (id) => mine.has(id));
  return {
    ok: true,
    value: { ...scenario, name: `${scenario.name ?? 'scenario'} (shard ${shard.index}/${shard.count})`, devices, timeline },
  };
}
