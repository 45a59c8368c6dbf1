import { passwordEnvelope, type Reply, type VigiWebClient } from '../client/vigi-web-client.js';
import type { SuiteAction } from '../../scenarios/suite-types.js';
import type { SuiteContext } from './suite-context.js';

/**
 * Drivers of the steps a client of one device takes on its web API: a raw call, login,
 * activation, the `forget_password` actions and the password reset. Passwords are written in
 * plain text in suites; the driver puts them in the login envelope (RSA under a fresh challenge
 * of the device called), as every VIGI client does.
 */
type Action<K extends SuiteAction['kind']> = Extract<SuiteAction, { kind: K }>;

/** Fields that carry a password; a suite writes them in plain text. */
export const passwordFields = ['password', 'old_passwd', 'new_passwd'] as const;

/**
 * `params` with every password field wrapped in an envelope, all under one fresh challenge of
 * `client`'s device (so `old_passwd` and `new_passwd` share a nonce, as chm_mod_dev_passwd
 * wants), and `encrypt_type: "2"` added when a password was wrapped.
 */
export async function withEnvelopes(client: VigiWebClient, params: Readonly<Record<string, unknown>> | undefined): Promise<Record<string, unknown> | null> {
  if (params === undefined) return null;
  const plain = passwordFields.filter((field) => typeof params[field] === 'string');
  if (plain.length === 0) return { ...params };
  const { key, nonce } = await client.challenge();
  const wrapped: Record<string, unknown> = { ...params };
  for (const field of plain) wrapped[field] = passwordEnvelope(key, String(params[field]), nonce);
  wrapped.encrypt_type ??= '2';
  return wrapped;
}

export async function callDriver(action: Action<'call'>, ctx: SuiteContext): Promise<Reply> {
  const stok = action.session ? ctx.session(action.device) : null;
  return ctx.client(action.device).call({ method: action.method, [action.module]: action.params ?? null }, stok);
}

export async function loginDriver(action: Action<'login'>, ctx: SuiteContext): Promise<Reply> {
  return ctx.client(action.device).login(action.password, action.username ?? 'admin');
}

export async function activateDriver(action: Action<'activate'>, ctx: SuiteContext): Promise<Reply> {
  return ctx.client(action.device).activate({
    password: action.password,
    ...(action.resetEmail !== undefined ? { resetEmail: action.resetEmail } : {}),
    ...(action.questions !== undefined ? { questions: action.questions.map((q) => ({ ...q })) } : {}),
  });
}

export async function forgetDriver(action: Action<'forget'>, ctx: SuiteContext): Promise<Reply> {
  const client = ctx.client(action.device);
  const stok = action.session ? ctx.session(action.device) : null;
  const params = await withEnvelopes(client, action.params);
  return client.call({ method: 'do', forget_password: { [action.action]: params } }, stok);
}

export async function resetPasswordDriver(action: Action<'reset-password'>, ctx: SuiteContext): Promise<Reply> {
  return ctx.client(action.device).resetPassword(action.token, action.password);
}
