import type { Scenario } from '../../../scenarios/scenario-types.js';
import type { Suite, SuiteAction, SuiteStep } from '../../../scenarios/suite-types.js';

/** Scenarios and suites built in code, for the runner's tests. */
export const PASSWORD = 'Vigi#Admin1';
export const OWNER = 'owner@example.test';

/** One camera (reset email and questions) on an NVR's channel 1, and a camera that is not added. */
export function runnerScenario(suite?: Suite): Scenario {
  const common = { activated: true, password: PASSWORD, internet: true, power: 'on', lan: 'default' } as const;
  return {
    version: 1,
    name: 'suite-runner-test',
    ports: { https: 0, http: 0 },
    timeline: [],
    devices: [
      {
        id: 'cam', kind: 'camera', model: 'C540V', name: 'Cam', ...common, resetEmail: OWNER,
        securityQuestions: [
          { question: 'First pet?', answer: 'rex' },
          { question: 'Birth city?', answer: 'lyon' },
          { question: 'Favourite film?', answer: 'alien' },
        ],
      },
      { id: 'spare', kind: 'camera', model: 'C340', name: 'Spare', ...common },
      { id: 'nvr', kind: 'nvr', model: 'NVR1008H', name: 'NVR', ...common, channels: [{ camera: 'cam' }] },
    ],
    ...(suite ? { suite } : {}),
  };
}

let line = 0;
/** A step with a made-up location (`runner-test.yaml:<n>:7`). */
export function step(name: string, action: SuiteAction, extra: { expect?: unknown; capture?: Record<string, string> } = {}): SuiteStep {
  line += 1;
  return { name, action, ...extra, location: `runner-test.yaml:${line}:7` };
}

export function suite(name: string, ...steps: SuiteStep[]): Suite {
  return { name, steps };
}
