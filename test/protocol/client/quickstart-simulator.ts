import type { Test } from 'tap';
import { startSimulator, type Simulator } from '../../../protocol/simulator/index.js';

/**
 * The quickstart (scenarios/quickstart.yaml) on real sockets for the reference client's tests,
 * seeded, and the mailed code of a reset (TP-Link support and the VIGI app are sim.cloud).
 *
 *   cam-front     email + questions (rex / lyon / alien), a certified NVR channel (id 1)
 *   cam-garage    email only, no internet, a certified NVR channel (id 2)
 *   cam-lobby     questions only (bolt / dupont / rue verte), a channel NOT certified (id 3)
 *   cam-backyard  email + questions (clio / martin / jaures), found by the NVR, not added
 *   nvr-main      the NVR; every device logs in as admin / Vigi#Admin1
 */
export const PASSWORD = 'Vigi#Admin1';
export const RESET_EMAIL = 'owner@example.test';

export async function quickstart(t: Test): Promise<Simulator> {
  const sim = await startSimulator({ seed: 8 });
  t.teardown(() => sim.close());
  return sim;
}

/** The six-digit code in the next reset mail to the quickstart's owner. */
export async function mailedCode(sim: Simulator): Promise<string> {
  const mail = await sim.mail.waitFor({ to: RESET_EMAIL, timeoutMs: 5_000 });
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
  if (code === undefined) throw new Error(`no six-digit code in the mail "${mail.subject}"`);
  return code;
}
