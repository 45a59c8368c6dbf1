import { ALNUM, type FuzzRandom } from './fuzz-random.js';
import { randomText, wireString } from './fuzz-values.js';

/**
 * The catalogue of every action the emulated cameras and NVRs know (docs/protocol.md), each
 * with *plausible* parameters: right types, wrong secrets. Placeholders stand for what only
 * the running emulator knows (an RSA envelope under a fresh challenge, a camera's uuid, a port);
 * the fuzz client fills them in. No generator here ever produces the real password inside a
 * password-changing action, a real security answer or a real code, so fuzzing cannot lock the
 * quickstart out of its own password.
 */
export const CAMERAS = ['cam-front', 'cam-garage', 'cam-lobby', 'cam-backyard'] as const;
export const NVR = 'nvr-main';
export const DEVICES = [...CAMERAS, NVR] as const;
export type DeviceId = (typeof DEVICES)[number];
/** The one password that only the `valid-login` case ever sends (login only). */
export const REAL_PASSWORD = 'Vigi#Admin1';

export type NonceKind = 'fresh' | 'stale' | 'reused';

/** base64(RSA-PKCS#1-v1.5(MD5 form + ":" + nonce)) under `device`'s key; `plaintext` replaces the whole message. */
export class Envelope {
  constructor(readonly spec: {
    readonly device: DeviceId;
    readonly password: string;
    readonly nonce: NonceKind;
    /** Envelopes of one request with the same group share one challenge (change_user_info, chm_mod_dev_passwd). */
    readonly group?: string;
    readonly plaintext?: string;
    readonly staleNonce: string;
    readonly encode: boolean;
  }) {}
}
export class DeviceUuid {
  constructor(readonly device: DeviceId) {}
}
export class DeviceIp {
  constructor(readonly device: DeviceId) {}
}
export class DevicePort {
  constructor(readonly scheme: 'http' | 'https', readonly asString: boolean) {}
}
export type Placeholder = Envelope | DeviceUuid | DeviceIp | DevicePort;
export function isPlaceholder(value: unknown): value is Placeholder {
  return value instanceof Envelope || value instanceof DeviceUuid || value instanceof DeviceIp || value instanceof DevicePort;
}

export interface ActionSpec {
  /** e.g. `forget_password.sec_answer_check`. */
  readonly id: string;
  readonly kinds: readonly ('camera' | 'nvr')[];
  readonly module: string;
  readonly method: string;
  /** For `do` modules that name a sub-action; absent when params sit directly under the module. */
  readonly action?: string;
  readonly preAuth: boolean;
  /** Plausible parameters for `device`; null when the action takes none. */
  params(r: FuzzRandom, device: DeviceId): Record<string, unknown> | null;
}

const SECRET_WORDS = new Set([REAL_PASSWORD, 'Old#Pass0', 'rex', 'lyon', 'alien', 'bolt', 'dupont', 'rue verte', 'clio', 'martin', 'jaures']);

/** A password that is certainly not a real one. */
export function wrongPassword(r: FuzzRandom): string {
  const candidate = r.pick(['', 'admin', 'Vigi#Admin2', 'vigi#admin1', 'Vigi#Admin1 ', 'password', `Fuzz#${r.string(6, ALNUM)}`, randomText(r, 20)]);
  return SECRET_WORDS.has(candidate) ? 'Fuzz#Pass0' : candidate;
}

export function wrongAnswer(r: FuzzRandom): string {
  const candidate = r.pick(['', 'wrong', 'REX ', 'Lyons', `answer-${r.string(4, ALNUM)}`, randomText(r, 12)]);
  return SECRET_WORDS.has(candidate.trim().toLowerCase()) ? 'not-it' : candidate;
}

function nonceKind(r: FuzzRandom): NonceKind {
  return r.weighted<NonceKind>([[8, 'fresh'], [1, 'stale'], [1, 'reused']]);
}

export function envelope(r: FuzzRandom, device: DeviceId, password: string, group?: string): Envelope {
  const plaintext = r.chance(0.08) ? r.pick(['', 'no-colon', ':', 'F'.repeat(32), `${'a'.repeat(32)}:`, `${r.string(32, '0123456789ABCDEF')}:${r.string(8, ALNUM)}:extra`, '\u00ff'.repeat(40)]) : undefined;
  return new Envelope({
    device, password, nonce: nonceKind(r), staleNonce: r.string(8, ALNUM), encode: r.chance(0.85),
    ...(group !== undefined ? { group } : {}),
    ...(plaintext !== undefined ? { plaintext } : {}),
  });
}

const code = (r: FuzzRandom) => r.pick([r.string(6, '0123456789'), r.string(6, '0123456789'), '', '12345', '1234567', 'abcdef', ' 123456 ']);
const hexToken = (r: FuzzRandom) => r.pick([r.string(32, '0123456789abcdef'), '', r.string(8, ALNUM)]);
const wire = (r: FuzzRandom, text: string) => wireString(r, text);
const answers = (r: FuzzRandom) => ({ sec_answer_1: wire(r, wrongAnswer(r)), sec_answer_2: wire(r, wrongAnswer(r)), sec_answer_3: wire(r, wrongAnswer(r)) });
const both = ['camera', 'nvr'] as const;

/** The found camera the NVR relays to: cam-backyard (the quickstart's one found device), sometimes another. */
function relayTarget(r: FuzzRandom): Record<string, unknown> {
  const device = r.weighted<DeviceId>([[8, 'cam-backyard'], [1, 'cam-front'], [1, 'nvr-main']]);
  return r.chance(0.8) ? { uuid: new DeviceUuid(device) } : { ip: new DeviceIp(device) };
}

function addEntry(r: FuzzRandom): Record<string, unknown> {
  const camera = r.weighted<DeviceId>([[4, 'cam-backyard'], [2, 'cam-front'], [1, 'cam-lobby'], [1, 'cam-garage'], [1, 'nvr-main']]);
  const field = r.chance(0.8) ? 'password' : 'ciphertext';
  return {
    ip: new DeviceIp(camera),
    port: r.chance(0.9) ? new DevicePort(r.chance(0.9) ? 'https' : 'http', r.chance(0.5)) : 1,
    username: wire(r, r.pick(['admin', 'admin', 'root'])),
    [field]: envelope(r, NVR, wrongPassword(r)),
  };
}

export const ACTIONS: readonly ActionSpec[] = [
  { id: 'user_management.get_encrypt_info', kinds: both, module: 'user_management', method: 'do', action: 'get_encrypt_info', preAuth: true, params: () => null },
  {
    id: 'user_management.set_initial_password', kinds: both, module: 'user_management', method: 'do', action: 'set_initial_password', preAuth: true,
    params: (r, device) => ({
      username: 'admin', password: envelope(r, device, wrongPassword(r)), encrypt_type: '2',
      reset_pwd_email: wire(r, r.pick(['fuzz@example.test', 'not-an-email', '', 'a@b'])),
      sec_question_1: wire(r, 'Q1?'), sec_question_2: wire(r, r.pick(['Q2?', 'Q1?'])), sec_question_3: wire(r, 'Q3?'),
      ...answers(r),
    }),
  },
  {
    id: 'user_management.change_user_info', kinds: both, module: 'user_management', method: 'do', action: 'change_user_info', preAuth: false,
    params: (r, device) => ({ old_passwd: envelope(r, device, wrongPassword(r), 'g'), new_passwd: envelope(r, device, `Fuzz#${r.string(6, ALNUM)}`, r.chance(0.9) ? 'g' : 'h'), encrypt_type: '2' }),
  },
  {
    id: 'login', kinds: both, module: 'login', method: 'do', preAuth: true,
    params: (r, device) => r.chance(0.15)
      // encrypt_type "1": the bare MD5 form (never the real one).
      ? { username: 'admin', password: r.string(32, '0123456789ABCDEF'), passwdType: 'md5', encrypt_type: '1' }
      : { username: wire(r, r.pick(['admin', 'admin', 'Admin', 'root', ''])), password: envelope(r, device, wrongPassword(r)), passwdType: 'md5', encrypt_type: '2' },
  },
  { id: 'device_info', kinds: both, module: 'device_info', method: 'get', preAuth: false, params: (r) => ({ name: r.pick<unknown>([['basic_info'], 'basic_info', ['basic_info', 'basic_info'], []]) }) },
  { id: 'system.logout', kinds: both, module: 'system', method: 'do', action: 'logout', preAuth: false, params: () => null },
  { id: 'openapi.get', kinds: both, module: 'openapi', method: 'get', preAuth: false, params: (r) => ({ name: r.pick<unknown>([['config'], 'config', ['other'], [], null]) }) },
  { id: 'openapi.set', kinds: both, module: 'openapi', method: 'set', preAuth: false, params: (r) => ({ config: { enabled: r.pick<unknown>(['on', 'off', 'on', 'yes', 1, null, '']) } }) },
  ...(['get_methods', 'send_verification_code', 'get_sec_questions', 'get_support_qrcode'] as const).map((action): ActionSpec => ({
    id: `forget_password.${action}`, kinds: ['camera'], module: 'forget_password', method: 'do', action, preAuth: true, params: () => null,
  })),
  { id: 'forget_password.verification_code_check', kinds: ['camera'], module: 'forget_password', method: 'do', action: 'verification_code_check', preAuth: true, params: (r) => ({ verify_code: wire(r, code(r)) }) },
  { id: 'forget_password.support_code_check', kinds: ['camera'], module: 'forget_password', method: 'do', action: 'support_code_check', preAuth: true, params: (r) => ({ verify_code: wire(r, code(r)) }) },
  { id: 'forget_password.sec_answer_check', kinds: ['camera'], module: 'forget_password', method: 'do', action: 'sec_answer_check', preAuth: true, params: (r) => answers(r) },
  {
    id: 'forget_password.password_reset', kinds: ['camera'], module: 'forget_password', method: 'do', action: 'password_reset', preAuth: true,
    params: (r, device) => ({ reset_token: hexToken(r), password: envelope(r, device, `Fuzz#${r.string(6, ALNUM)}`), encrypt_type: '2' }),
  },
  { id: 'chm.added_dev', kinds: ['nvr'], module: 'chm', method: 'get', preAuth: false, params: (r) => ({ table: r.pick(['added_dev', 'added_dev', 'found_dev', '']) }) },
  { id: 'chm.chm_device_discovery', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_device_discovery', preAuth: false, params: () => null },
  { id: 'chm.chm_add_dev_list', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_add_dev_list', preAuth: false, params: (r) => ({ device_list: Array.from({ length: r.between(1, 3) }, () => addEntry(r)) }) },
  { id: 'chm.chm_del_dev', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_del_dev', preAuth: false, params: (r) => ({ ids: [r.pick(['1', '2', '3', '4', '99', '0'])] }) },
  {
    id: 'chm.chm_mod_dev_passwd', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_mod_dev_passwd', preAuth: false,
    params: (r) => ({ id: r.pick(['1', '2', '3', '99']), old_passwd: envelope(r, NVR, wrongPassword(r), 'g'), new_passwd: envelope(r, NVR, `Fuzz#${r.string(6, ALNUM)}`, 'g'), encrypt_type: '2' }),
  },
  ...(['chm_get_forget_methods', 'chm_send_verification_code', 'chm_get_adding_dev_sec_question', 'chm_get_support_qrcode'] as const).map((action): ActionSpec => ({
    id: `chm.${action}`, kinds: ['nvr'], module: 'chm', method: 'do', action, preAuth: false, params: (r) => relayTarget(r),
  })),
  { id: 'chm.chm_verification_code_check', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_verification_code_check', preAuth: false, params: (r) => ({ ...relayTarget(r), verify_code: wire(r, code(r)) }) },
  { id: 'chm.chm_support_code_check', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_support_code_check', preAuth: false, params: (r) => ({ ...relayTarget(r), verify_code: wire(r, code(r)) }) },
  { id: 'chm.chm_forget_password', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_forget_password', preAuth: false, params: (r) => ({ ...relayTarget(r), ...answers(r) }) },
  {
    id: 'chm.chm_password_reset', kinds: ['nvr'], module: 'chm', method: 'do', action: 'chm_password_reset', preAuth: false,
    params: (r) => ({ ...relayTarget(r), reset_token: hexToken(r), password: envelope(r, NVR, `Fuzz#${r.string(6, ALNUM)}`), encrypt_type: '2' }),
  },
];

export function actionsFor(device: DeviceId): readonly ActionSpec[] {
  const kind = device === NVR ? 'nvr' : 'camera';
  return ACTIONS.filter((action) => action.kinds.includes(kind));
}

/** `{"method": m, "<module>": {"<action>": params}}` (or params directly under the module). */
export function envelopeBody(action: ActionSpec, params: unknown, method = action.method): Record<string, unknown> {
  return { method, [action.module]: action.action !== undefined ? { [action.action]: params } : params };
}

/**
 * chm_add_dev_list makes the NVR open HTTPS connections to the address it is given. Only a
 * loopback device address with the emulator's own port may keep an envelope that opens: any
 * entry whose ip or port was mutated gets a password that does not open, so the NVR refuses
 * it before connecting anywhere (only loopback networking).
 */
export function keepAddListOnLoopback(params: unknown): void {
  if (params === null || typeof params !== 'object') return;
  const list = (params as { device_list?: unknown }).device_list;
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
    const item = entry as Record<string, unknown>;
    const safeIp = item.ip instanceof DeviceIp;
    const safePort = item.port instanceof DevicePort || item.port === 1;
    if (safeIp && safePort) return;
    for (const field of ['password', 'ciphertext']) if (item[field] instanceof Envelope) item[field] = `not-an-envelope-${i}`;
  });
}
