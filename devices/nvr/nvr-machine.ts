import { refuse } from '../kernel/vendor-errors.js';
import { done, emit } from '../kernel/device-effect.js';
import { secretsEqual } from '../credentials/secret-compare.js';
import type { AccountContext, AccountStep } from '../account/account-state.js';
import { consumeNonce } from '../account/account-login.js';
import { stepAccount } from '../account/account-machine.js';
import { channelCountOf } from './nvr-policy.js';
import type { NvrInput } from './nvr-inputs.js';
import { emptyNvrMemory, type NvrState } from './nvr-state.js';

/**
 * The NVR as a pure state machine. Talking to cameras is not in here: the runner does that
 * through its CameraLink port and then records what it learned with `add-channel`,
 * `set-link` and `set-channel-credential`.
 */
export type NvrStep = AccountStep<NvrState, unknown>;

export function stepNvr(state: NvrState, input: NvrInput, ctx: AccountContext): NvrStep {
  if (input.type === 'power-on') return state.power === 'on' ? { state, effects: [], outcome: done } : { state: { ...state, power: 'on' }, effects: [emit('powered-on')], outcome: done };
  if (input.type === 'set-internet') return { state: { ...state, internet: input.internet }, effects: [emit(input.internet ? 'internet-restored' : 'internet-lost')], outcome: done };
  if (state.power === 'off') return { state, effects: [], outcome: refuse('POWERED_OFF') };
  switch (input.type) {
    case 'power-off':
      return { state: { ...state, power: 'off', memory: emptyNvrMemory }, effects: [emit('powered-off')], outcome: done };
    case 'factory-reset':
      return { state: { ...state, flash: { status: 'factory-fresh' }, channels: [], memory: emptyNvrMemory }, effects: [emit('factory-reset')], outcome: done };
    case 'issue-challenge':
    case 'activate':
    case 'log-in':
    case 'check-session':
    case 'log-out':
    case 'change-password':
    case 'set-openapi':
      return stepAccount(state, input, ctx);
    case 'verify-admin': {
      const { memory, valid } = consumeNonce(state.memory, input.nonce, ctx);
      const next = { ...state, memory };
      if (!valid) return { state: next, effects: [], outcome: refuse('NONCE_INVALID', 'The nonce in the password envelopes is stale, unknown or already used: fetch a new challenge.') };
      if (state.flash.status !== 'activated' || !secretsEqual(input.md5, state.flash.adminMd5)) {
        return { state: next, effects: [emit('admin-password-refused')], outcome: refuse('OLD_PASSWORD_WRONG', 'The NVR password is wrong.') };
      }
      return { state: next, effects: [], outcome: done };
    }
    case 'consume-nonce': {
      const { memory, valid } = consumeNonce(state.memory, input.nonce, ctx);
      return { state: { ...state, memory }, effects: [], outcome: valid ? done : refuse('NONCE_INVALID', 'The nonce in the password envelope is stale, unknown or already used: fetch a new challenge.') };
    }
    case 'add-channel': {
      if (state.channels.some((c) => c.ip === input.ip)) return { state, effects: [], outcome: refuse('CHANNEL_IP_IN_USE', `Channel ${state.channels.find((c) => c.ip === input.ip)?.id} already uses ${input.ip}.`) };
      const used = new Set(state.channels.map((c) => c.id));
      const slot = Array.from({ length: channelCountOf(state.identity.model) }, (_, i) => String(i + 1)).find((id) => !used.has(id));
      if (!slot) return { state, effects: [], outcome: refuse('NO_FREE_CHANNEL') };
      const info = input.info ?? { uuid: '', mac: '', model: '', name: input.ip };
      const channel = { id: slot, ip: input.ip, port: input.port, username: input.username, md5: input.md5, ...info };
      const channels = [...state.channels, channel].sort((a, b) => Number(a.id) - Number(b.id));
      return { state: { ...state, channels, memory: { ...state.memory, links: { ...state.memory.links, [slot]: input.link } } }, effects: [emit('channel-added', { channel: slot, ip: input.ip, certification: input.link.status })], outcome: { id: slot } };
    }
    case 'remove-channels': {
      const unknown = input.ids.filter((id) => !state.channels.some((c) => c.id === id));
      if (unknown.length > 0) return { state, effects: [], outcome: refuse('CHANNEL_UNKNOWN', `No channel ${unknown.join(', ')}; nothing was removed.`) };
      const links = Object.fromEntries(Object.entries(state.memory.links).filter(([id]) => !input.ids.includes(id)));
      return { state: { ...state, channels: state.channels.filter((c) => !input.ids.includes(c.id)), memory: { ...state.memory, links } }, effects: input.ids.map((id) => emit('channel-removed', { channel: id })), outcome: done };
    }
    case 'set-link': {
      if (!state.channels.some((c) => c.id === input.id)) return { state, effects: [], outcome: refuse('CHANNEL_UNKNOWN') };
      const before = state.memory.links[input.id]?.status;
      const effects = before === input.link.status ? [] : [emit('channel-state-changed', { channel: input.id, from: before ?? 'unknown', to: input.link.status })];
      return { state: { ...state, memory: { ...state.memory, links: { ...state.memory.links, [input.id]: input.link } } }, effects, outcome: done };
    }
    case 'set-channel-credential': {
      if (!state.channels.some((c) => c.id === input.id)) return { state, effects: [], outcome: refuse('CHANNEL_UNKNOWN') };
      const channels = state.channels.map((c) => (c.id === input.id ? { ...c, md5: input.md5 } : c));
      return { state: { ...state, channels }, effects: [emit('channel-credential-changed', { channel: input.id })], outcome: done };
    }
  }
}
