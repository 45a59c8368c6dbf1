import type { AccountInput } from './account-device.js';
import type { AccountContext, AccountState, AccountStep } from './account-state.js';
import { changePassword, checkSession, issueChallenge, logIn, logOut } from './account-login.js';
import { activate } from '../camera/camera-activation.js';
import { setOpenApi } from './account-openapi.js';

/** The account's inputs, the same on cameras and NVRs. */
const accountTypes: ReadonlySet<string> = new Set(['issue-challenge', 'activate', 'log-in', 'check-session', 'log-out', 'change-password', 'set-openapi']);

export function isAccountInput(input: { readonly type: string }): input is AccountInput {
  return accountTypes.has(input.type);
}

/** One step of the admin account (challenge, activation, login, session, password change, the OpenAPI switch). */
export function stepAccount<S extends AccountState>(state: S, input: AccountInput, ctx: AccountContext): AccountStep<S, unknown> {
  switch (input.type) {
    case 'issue-challenge':
      return issueChallenge(state, ctx);
    case 'activate':
      return activate(state, input, ctx);
    case 'log-in':
      return logIn(state, input, ctx);
    case 'check-session':
      return checkSession(state, input.stok, ctx);
    case 'log-out':
      return logOut(state, input.stok);
    case 'change-password':
      return changePassword(state, input, ctx);
    case 'set-openapi':
      return setOpenApi(state, input.enabled);
  }
}
