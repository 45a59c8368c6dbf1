import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import type { CameraInput } from './camera-inputs.js';
import type { AccountInput, ControlInput } from '../account/account-device.js';
import { emptyMemory, type CameraState } from './camera-state.js';
import { isAccountInput, stepAccount } from '../account/account-machine.js';
import { activatedOnly, checkCode, checkSecurityAnswers, getResetMethods, getSecurityQuestions, getSupportQr, mailSlot, resetPassword, sendVerificationCode, supportSlot } from './camera-reset.js';
import { done, emit, type CameraTransition, type StepContext } from './camera-transition.js';
import { detect, setMessagePush } from './camera-detection.js';

/**
 * The camera as a pure state machine: `stepCamera(state, input, ctx)` returns the next state,
 * the effects to carry out, and the reply or a refusal. No sockets, no clock, no randomness
 * but what `ctx` brings.
 */
export function stepCamera<I extends CameraInput>(state: CameraState, input: I, ctx: StepContext): CameraTransition<I['type']> {
  return step(state, input, ctx) as CameraTransition<I['type']>;
}

function refused(state: CameraState, outcome: Refusal): CameraTransition {
  return { state, effects: [], outcome };
}

function step(state: CameraState, input: CameraInput, ctx: StepContext): CameraTransition {
  if (input.type === 'power-on') {
    if (state.power === 'on') return { state, effects: [], outcome: done };
    return { state: { ...state, power: 'on' }, effects: [emit('powered-on')], outcome: done };
  }
  if (input.type === 'set-internet') {
    if (state.internet === input.internet) return { state, effects: [], outcome: done };
    return { state: { ...state, internet: input.internet }, effects: [emit(input.internet ? 'internet-restored' : 'internet-lost')], outcome: done };
  }
  if (state.power === 'off') return refused(state, refuse('POWERED_OFF'));

  switch (input.type) {
    case 'power-off':
      // RAM is lost: challenges, sessions, pending codes and QR codes, reset tokens, counters.
      return { state: { ...state, power: 'off', memory: emptyMemory }, effects: [emit('powered-off')], outcome: done };
    case 'factory-reset':
      return { state: { ...state, flash: { status: 'factory-fresh' }, memory: emptyMemory }, effects: [emit('factory-reset')], outcome: done };
    case 'detect':
      return detect(state, input.eventType, ctx.now);
    case 'set-message-push':
      return setMessagePush(state, input.eventType, input.enabled);
    default:
      return isAccountInput(input) ? (stepAccount(state, input, ctx) as CameraTransition) : stepReset(state, input, ctx);
  }
}

type ResetInput = Exclude<CameraInput, AccountInput | ControlInput | { type: 'detect' | 'set-message-push' }>;

function stepReset(state: CameraState, input: ResetInput, ctx: StepContext): CameraTransition {
  const notActivated = activatedOnly(state);
  if (notActivated || state.flash.status !== 'activated') return refused(state, notActivated ?? refuse('NOT_ACTIVATED'));
  const activated = state as CameraState & { flash: { status: 'activated' } };
  switch (input.type) {
    case 'get-reset-methods':
      return getResetMethods(activated);
    case 'send-verification-code':
      return sendVerificationCode(activated, ctx);
    case 'check-verification-code':
      return checkCode(activated, input.code, mailSlot, ctx);
    case 'get-security-questions':
      return getSecurityQuestions(activated);
    case 'check-security-answers':
      return checkSecurityAnswers(activated, input.answers, ctx);
    case 'get-support-qr':
      return getSupportQr(activated, ctx);
    case 'check-support-code':
      return checkCode(activated, input.code, supportSlot, ctx);
    case 'reset-password':
      return resetPassword(activated, input, ctx);
  }
}
