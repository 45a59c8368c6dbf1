import type { SuiteReport } from '../../../protocol/suite-runner/step-result.js';

/** Two suites' results: a pass, a failed expectation, a skipped step, awkward names, a thrown step. */
export const reports: SuiteReport[] = [
  {
    suite: 'Security Manager, email',
    file: 'scenarios/suites/x.yaml',
    results: [
      { name: 'Send Code', ok: true, durationMs: 12, location: 'scenarios/suites/x.yaml:20:7' },
      {
        name: 'Enter the verification code', ok: false, durationMs: 7,
        message: 'error_code: expected 0, got -20607 (The verification code is wrong.)',
        expected: { error_code: 0 }, actual: { error_code: -20607, data: { attempts_left: 4 } },
        location: 'scenarios/suites/x.yaml:30:7',
      },
      { name: 'Enter the new password', ok: false, durationMs: 0, skip: 'previous step failed', location: 'scenarios/suites/x.yaml:34:7' },
    ],
  },
  {
    suite: 'Faults # 2 <&>',
    results: [
      { name: 'Power "off"\nand \'on\'', ok: true, durationMs: 1500 },
      { name: 'boom \\ \u0007', ok: false, durationMs: 3, message: 'socket hang up (ECONNRESET) ]]> <x/>', location: 'y.yaml:3:7' },
    ],
  },
];
