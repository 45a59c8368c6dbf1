import { expireLock, freshCounter, recordFailure, secondsLocked } from '../kernel/attempt-counter.js';
import { randomAlphanumeric, randomHex } from '../kernel/rng.js';
import { refuse, vendorErrors } from '../kernel/vendor-errors.js';
import { isMd5Form } from '../credentials/md5-form.js';
import { secretsEqual } from '../credentials/secret-compare.js';
import { done, emit } from '../kernel/device-effect.js';
import type { AccountContext, AccountMemory, AccountState, AccountStep } from './account-state.js';

/**
 * The account's login (cameras and NVRs alike). Challenge, login and sessions (research/vigi-wire-facts.md §1.3): a fresh 8-character nonce
 * per challenge, good for one envelope; `time`/`max_time` count failures; after `max_time`
 * failures the account locks with -40404 and `sec_left`; stoks die on idle and on reset.
 */
export interface ChallengeReply {
  code: number;
  nonce: string;
  time: number;
  maxTime: number;
  secLeft?: number;
}

export function issueChallenge<S extends AccountState>(state: S, ctx: AccountContext): AccountStep<S, ChallengeReply> {
  const nonce = randomAlphanumeric(ctx.rng, 8);
  const login = expireLock(state.memory.login, ctx.now);
  const challenges = [...state.memory.challenges, { nonce, issuedAt: ctx.now }].slice(-ctx.policy.challengesKept);
  const secLeft = secondsLocked(login, ctx.now);
  // data.code is 0 on a normal challenge (seen on a real NVR, vigi-nvr-mcp docs/protocol/vigi-nvr.md).
  const code = state.flash.status === 'factory-fresh' ? vendorErrors.NOT_ACTIVATED.code : secLeft > 0 ? vendorErrors.LOCKED.code : 0;
  const outcome = { code, nonce, time: login.failures, maxTime: ctx.policy.loginMaxFailures, ...(secLeft > 0 ? { secLeft } : {}) };
  return { state: { ...state, memory: { ...state.memory, challenges, login } }, effects: [], outcome };
}

/** Takes the nonce out of the outstanding list: a nonce opens one envelope, used or not. */
export function consumeNonce<M extends AccountMemory>(memory: M, nonce: string, ctx: AccountContext): { memory: M; valid: boolean } {
  const found = memory.challenges.find((challenge) => challenge.nonce === nonce);
  const challenges = memory.challenges.filter((challenge) => challenge.nonce !== nonce);
  const valid = found !== undefined && ctx.now - found.issuedAt < ctx.policy.challengeValidMs;
  return { memory: { ...memory, challenges }, valid };
}

export function logIn<S extends AccountState>(state: S, input: { username: string; nonce?: string; md5: string }, ctx: AccountContext): AccountStep<S, { stok: string }> {
  if (state.flash.status === 'factory-fresh') {
    return { state, effects: [], outcome: refuse('NOT_ACTIVATED', 'The device is factory-fresh: activate it with set_initial_password first.') };
  }
  const { memory, valid } = input.nonce === undefined ? { memory: state.memory, valid: true } : consumeNonce(state.memory, input.nonce, ctx);
  const login = expireLock(memory.login, ctx.now);
  const lockedFor = secondsLocked(login, ctx.now);
  const maxTime = ctx.policy.loginMaxFailures;
  if (lockedFor > 0) {
    return { state: { ...state, memory: { ...memory, login } }, effects: [], outcome: refuse('LOCKED', `Too many failed logins; try again in ${lockedFor} s.`, { code: vendorErrors.LOCKED.code, sec_left: lockedFor, time: login.failures, max_time: maxTime }) };
  }
  if (!valid) {
    return { state: { ...state, memory: { ...memory, login } }, effects: [], outcome: refuse('NONCE_INVALID', 'The nonce in the password envelope is stale, unknown or already used: fetch a new challenge.') };
  }
  if (input.username !== 'admin' || !isMd5Form(input.md5) || !secretsEqual(input.md5, state.flash.adminMd5)) {
    const failed = recordFailure(login, { maxFailures: maxTime, lockMs: ctx.policy.loginLockMs }, ctx.now);
    const next = { ...state, memory: { ...memory, login: failed } };
    const secLeft = secondsLocked(failed, ctx.now);
    if (secLeft > 0) {
      return { state: next, effects: [emit('login-failed', { username: input.username, failures: failed.failures }), emit('locked-out', { door: 'login', secLeft })], outcome: refuse('LOCKED', `Too many failed logins; locked for ${secLeft} s.`, { code: vendorErrors.LOCKED.code, sec_left: secLeft, time: failed.failures, max_time: maxTime }) };
    }
    return { state: next, effects: [emit('login-failed', { username: input.username, failures: failed.failures })], outcome: refuse('UNAUTHENTICATED', 'Wrong username or password.', { code: vendorErrors.UNAUTHENTICATED.code, time: failed.failures, max_time: maxTime }) };
  }
  const stok = randomHex(ctx.rng, 32);
  const sessions = [...memory.sessions.filter((s) => ctx.now - s.lastSeen < ctx.policy.sessionIdleMs), { stok, lastSeen: ctx.now }].slice(-ctx.policy.sessionsKept);
  return { state: { ...state, memory: { ...memory, login: freshCounter, sessions } }, effects: [emit('logged-in', { username: input.username })], outcome: { stok } };
}

export function checkSession<S extends AccountState>(state: S, stok: string, ctx: AccountContext): AccountStep<S, Record<string, never>> {
  const live = state.memory.sessions.find((s) => secretsEqual(s.stok, stok) && ctx.now - s.lastSeen < ctx.policy.sessionIdleMs);
  if (!live) return { state, effects: [], outcome: refuse('UNAUTHENTICATED', 'The stok is unknown or expired: log in again.') };
  const sessions = state.memory.sessions.map((s) => (s === live ? { ...s, lastSeen: ctx.now } : s));
  return { state: { ...state, memory: { ...state.memory, sessions } }, effects: [], outcome: done };
}

export function logOut<S extends AccountState>(state: S, stok: string): AccountStep<S, Record<string, never>> {
  const sessions = state.memory.sessions.filter((s) => s.stok !== stok);
  return { state: { ...state, memory: { ...state.memory, sessions } }, effects: [emit('logged-out')], outcome: done };
}

/**
 * An authenticated password change (what an NVR's password management uses): both envelopes
 * come under one challenge, so the nonce is consumed once. Other sessions die.
 */
export function changePassword<S extends AccountState>(state: S, input: { stok: string; nonce: string; oldMd5: string; newMd5: string }, ctx: AccountContext): AccountStep<S, Record<string, never>> {
  const session = checkSession(state, input.stok, ctx);
  if ('refused' in session.outcome || session.state.flash.status !== 'activated') return { ...session, outcome: refuse('UNAUTHENTICATED') };
  const { memory, valid } = consumeNonce(session.state.memory, input.nonce, ctx);
  const current = { ...session.state, memory };
  if (!valid) return { state: current, effects: [], outcome: refuse('NONCE_INVALID', 'The nonce in the password envelopes is stale, unknown or already used: fetch a new challenge.') };
  if (!secretsEqual(input.oldMd5, session.state.flash.adminMd5)) return { state: current, effects: [], outcome: refuse('OLD_PASSWORD_WRONG') };
  if (!isMd5Form(input.newMd5)) return { state: current, effects: [], outcome: refuse('NEW_PASSWORD_INVALID') };
  const sessions = memory.sessions.filter((s) => s.stok === input.stok);
  const flash = { ...session.state.flash, adminMd5: input.newMd5 };
  return { state: { ...current, flash, memory: { ...memory, sessions } }, effects: [emit('password-changed')], outcome: done };
}
