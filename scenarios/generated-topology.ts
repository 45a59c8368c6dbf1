import { channelCountOf } from '../devices/nvr/nvr-policy.js';
import { scenarioDefaults } from './scenario-defaults.js';
import type { Scenario, ScenarioCamera, ScenarioNvr, SecurityQuestionSpec } from './scenario-types.js';

/**
 * A topology without a file (`vigi-sim up --cameras N [--nvrs M]`), for quick trials and scale
 * tests. With M NVRs there are M LANs, `lan-1`... each with one NVR (`nvr-1`...) and an even
 * share of the cameras, in order; each NVR has added its LAN's cameras up to its channel count
 * (an NVR1008H, or an NVR1016H when its LAN has more than 8 cameras) and has the rest as found
 * devices. With no NVR every camera is on LAN `default`.
 *
 * Every device is activated with the password `Vigi#Admin1`. Cameras take turns through three
 * reset set-ups, so every way of recovering a password can be tried on the first three:
 *   cam-1, cam-4...  reset email and security questions (email, questions, support)
 *   cam-2, cam-5...  reset email only and no internet (the VIGI-app QR path, support)
 *   cam-3, cam-6...  security questions only (questions, support)
 * Each device's reset email is `<id>@example.test`; the answers are `rex`, `lyon`, `alien`.
 * Identities (MAC, UUID, serial) and addresses are left to the seed and the allocator.
 */
export interface TopologyOptions {
  readonly cameras: number;
  readonly nvrs?: number;
  readonly seed?: number;
}

export const TOPOLOGY_LIMITS = { cameras: { min: 1, max: 20_000 }, nvrs: { min: 0, max: 500 } } as const;
export const GENERATED_PASSWORD = 'Vigi#Admin1';

const SMALL_NVR = 'NVR1008H';
const LARGE_NVR = 'NVR1016H';

const questions: readonly SecurityQuestionSpec[] = [
  { question: 'What was the name of your first pet?', answer: 'rex' },
  { question: 'In what city were you born?', answer: 'lyon' },
  { question: 'What is your favourite film?', answer: 'alien' },
];

/** Why these options make no topology (worded for `--cameras` / `--nvrs`), or undefined. */
export function topologyProblem(options: TopologyOptions): string | undefined {
  const { cameras, nvrs = 0, seed } = options;
  const { cameras: c, nvrs: n } = TOPOLOGY_LIMITS;
  if (!Number.isInteger(cameras) || cameras < c.min || cameras > c.max) {
    return `the number of cameras must be a whole number from ${c.min} to ${c.max}, got ${String(cameras)}`;
  }
  if (!Number.isInteger(nvrs) || nvrs < n.min || nvrs > n.max) {
    return `the number of NVRs must be a whole number from ${n.min} to ${n.max}, got ${String(nvrs)}`;
  }
  if (seed !== undefined && (!Number.isSafeInteger(seed) || seed < 0)) return `the seed must be a whole number (0 or more), got ${String(seed)}`;
  return undefined;
}

/** The generated scenario; throws a RangeError (with topologyProblem's message) on options out of bounds. */
export function generateTopology(options: TopologyOptions): Scenario {
  const problem = topologyProblem(options);
  if (problem) throw new RangeError(problem);
  const { cameras: count, nvrs: nvrCount = 0, seed } = options;

  const lans = nvrCount === 0 ? [scenarioDefaults.lan] : Array.from({ length: nvrCount }, (_, n) => `lan-${n + 1}`);
  // Even shares, in order: the first (count mod LANs) LANs have one camera more.
  const share = (lan: number): number => Math.floor(count / lans.length) + (lan < count % lans.length ? 1 : 0);
  const cameras: ScenarioCamera[] = [];
  const nvrs: ScenarioNvr[] = [];
  lans.forEach((lan, l) => {
    const first = cameras.length;
    const onLan = share(l);
    for (let i = 1; i <= onLan; i++) cameras.push(camera(first + i, lan));
    if (nvrCount === 0) return;
    const model = onLan > channelCountOf(SMALL_NVR) ? LARGE_NVR : SMALL_NVR;
    const added = cameras.slice(first, first + Math.min(onLan, channelCountOf(model)));
    nvrs.push(nvr(l + 1, lan, model, added.map((c) => c.id)));
  });

  return {
    version: 1,
    name: `generated: ${count} ${count === 1 ? 'camera' : 'cameras'}, ${nvrCount} ${nvrCount === 1 ? 'NVR' : 'NVRs'}`,
    ...(seed !== undefined ? { seed } : {}),
    ports: { ...scenarioDefaults.ports },
    devices: [...cameras, ...nvrs],
    timeline: [],
  };
}

function camera(number: number, lan: string): ScenarioCamera {
  const id = `cam-${number}`;
  const setup = (number - 1) % 3;
  return {
    id,
    kind: 'camera',
    model: scenarioDefaults.model,
    name: `Camera ${number}`,
    activated: true,
    password: GENERATED_PASSWORD,
    ...(setup !== 2 ? { resetEmail: `${id}@example.test` } : {}),
    ...(setup !== 1 ? { securityQuestions: questions.map((q) => ({ ...q })) } : {}),
    internet: setup !== 1,
    power: 'on',
    lan,
  };
}

function nvr(number: number, lan: string, model: string, channels: readonly string[]): ScenarioNvr {
  const id = `nvr-${number}`;
  return {
    id,
    kind: 'nvr',
    model,
    name: `NVR ${number}`,
    activated: true,
    password: GENERATED_PASSWORD,
    resetEmail: `${id}@example.test`,
    securityQuestions: questions.map((q) => ({ ...q })),
    internet: true,
    power: 'on',
    lan,
    channels: channels.map((camera) => ({ camera })),
  };
}
