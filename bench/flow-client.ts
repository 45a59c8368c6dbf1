import { VigiWebClient, type Reply, type Transport } from '../protocol/client/vigi-web-client.js';

/**
 * One complete forgotten-password flow by security questions, as a client (VIGI Security
 * Manager, "Discovered Devices") does it — the steps of scenarios/suites/
 * security-manager-1-questions.yaml, on the wire through protocol/client:
 *
 *   1. `forget_password.get_methods`          → `sec_question` is offered
 *   2. `forget_password.get_sec_questions`    → the three questions
 *   3. `forget_password.sec_answer_check`     → a reset token
 *   4. `user_management.get_encrypt_info`     → key and nonce (challenge)
 *   5. `forget_password.password_reset`       → the new password, RSA envelope under 4's nonce
 *   6. `user_management.get_encrypt_info`     → a fresh challenge
 *   7. `login`                                → a stok, with the new password
 *
 * Seven HTTP requests, every one checked; a flow succeeds only when the login with the new
 * password returns error_code 0 and a stok. Failures are values (the step and the reply), never
 * exceptions, so a benchmark counts them.
 */
export const FLOW_REQUESTS = 7;

export interface FlowTarget {
  readonly ip: string;
  /** The camera's plain-HTTP port. */
  readonly port: number;
  readonly answers: readonly [string, string, string];
}

export type FlowOutcome = { readonly ok: true } | { readonly ok: false; readonly step: string; readonly detail: string };

const brief = (reply: unknown): string => JSON.stringify(reply).slice(0, 200);

/** Runs one flow over `transport` (to the target camera), ending with a login with `newPassword`. */
export async function questionResetFlow(target: FlowTarget, transport: Transport, newPassword: string): Promise<FlowOutcome> {
  const client = new VigiWebClient(transport);
  let step = 'get_methods';
  try {
    const methods = await client.forget('get_methods');
    const offered = (methods.forget_password as { methods?: unknown } | undefined)?.methods;
    if (methods.error_code !== 0 || !Array.isArray(offered) || !offered.includes('sec_question')) return failed(step, methods);

    step = 'get_sec_questions';
    const questions = await client.forget('get_sec_questions');
    if (questions.error_code !== 0 || typeof (questions.forget_password as Record<string, unknown> | undefined)?.sec_question_3 !== 'string') return failed(step, questions);

    step = 'sec_answer_check';
    const [a1, a2, a3] = target.answers;
    const checked = await client.forget('sec_answer_check', { sec_answer_1: a1, sec_answer_2: a2, sec_answer_3: a3 });
    const token = (checked.forget_password as { reset_token?: unknown } | undefined)?.reset_token;
    if (checked.error_code !== 0 || typeof token !== 'string') return failed(step, checked);

    step = 'password_reset';
    const reset = await client.resetPassword(token, newPassword);
    if (reset.error_code !== 0) return failed(step, reset);

    step = 'login';
    const login = await client.login(newPassword);
    if (login.error_code !== 0 || typeof login.stok !== 'string' || login.stok === '') return failed(step, login);
    return { ok: true };
  } catch (error) {
    return { ok: false, step, detail: error instanceof Error ? error.message : String(error) };
  }
}

function failed(step: string, reply: Reply): FlowOutcome {
  return { ok: false, step, detail: brief(reply) };
}
