/**
 * Requests and replies of the device web API as a client sees them (decoded: `call` does the
 * URL-encoding both ways), written from docs/protocol.md with the wire's own field names, so
 * this file reads side by side with that doc. Flags the device sends as strings ("1"/"0") stay
 * strings; numbers stay numbers.
 */

/** Any reply: `error_code` 0 means done; anything else is a refusal (docs/error-codes.md). */
export type Reply = Record<string, unknown> & { error_code: number };

/** What a refusal may carry in `data`; which fields depends on the code. */
export type RefusalData = {
  /** -20607 wrong code, -51292 wrong answers: guesses left before the method locks. */
  readonly attempts_left?: number;
  /** -40404 locked: seconds until the lock lifts; -21002 too many mails: until the next may go. */
  readonly sec_left?: number;
  /** -51218 no internet: the QR the VIGI app scans (and its PNG), valid `expire_in` seconds. */
  readonly qrcode?: string;
  readonly qrcode_png?: string;
  readonly expire_in?: number;
  /** Login refusals: the code again, failed logins so far and the limit. */
  readonly code?: number;
  readonly time?: number;
  readonly max_time?: number;
};

/**
 * A reply of module M: on success (`error_code` 0) the payload T sits under the module's name
 * (`forget_password`, `chm`, ...); a refusal has a non-zero code, `msg` saying why and
 * sometimes `data`. Refusals are values, never exceptions.
 */
export type ModuleReply<M extends string, T> = {
  readonly error_code: number;
  readonly msg?: string;
  readonly data?: RefusalData;
} & { readonly [K in M]?: T };

/** A success with nothing to say (`{"forget_password":{},"error_code":0}`). */
export type Empty = Record<string, never>;

// --- Login and account -------------------------------------------------------------------

/** `user_management.get_encrypt_info` → `data` (its `error_code` is -40401 even on success). */
export interface Challenge {
  /** 0; -40405 factory-fresh; -40404 login locked (with `sec_left`). */
  readonly code: number;
  readonly encrypt_type?: readonly string[];
  /** The device's RSA-1024 public key, base64 SPKI DER. */
  readonly key: string;
  /** Good for one envelope, 5 minutes. */
  readonly nonce: string;
  /** Failed logins so far, and how many lock the login (5 on a camera, 10 on an NVR). */
  readonly time: number;
  readonly max_time: number;
  readonly sec_left?: number;
}

export type LoginParams = { username: string; password: string; passwdType: 'md5'; encrypt_type: '1' | '2' };
/** `stok` and `user_group` ("root") are at top level, not under a module. */
export type LoginReply = Reply & { readonly stok?: string; readonly user_group?: string; readonly data?: RefusalData };

type Numbered<Prefix extends string> = `${Prefix}_${1 | 2 | 3}`;
export type SetInitialPasswordParams = { username: string; password: string; encrypt_type: '2'; reset_pwd_email?: string } & { [K in Numbered<'sec_question'> | Numbered<'sec_answer'>]?: string };

/** `user_management.change_user_info`: both envelopes under one challenge. */
export type ChangeUserInfoParams = { old_passwd: string; new_passwd: string; encrypt_type: '2' };

/** `device_info.basic_info`; field names ours except the section's. */
export type BasicInfo = {
  readonly device_type: 'SMART.IPCAMERA' | 'SMART.NVR';
  readonly device_model: string;
  readonly device_name: string;
  readonly device_alias: string;
  readonly manufacturer_name: string;
  readonly hw_version: string;
  readonly sw_version: string;
  /** e.g. 40-AE-30-00-00-01 */
  readonly mac: string;
  /** The device's uuid, as the NVR's found devices and rows name it. */
  readonly dev_id: string;
  readonly serial_number: string;
  readonly ip: string;
};

// --- forget_password (camera), relayed by the NVR's chm_* actions ---------------------------

export type ResetMethod = 'email' | 'sec_question' | 'tech_support';
/** `get_methods`: the methods offered; the reset email masked (`o***r@example.test`), only when set. */
export type ResetMethods = { readonly methods: readonly ResetMethod[]; readonly reset_pwd_email?: string; readonly internet: '1' | '0' };
/** `send_verification_code`: where the code went (masked) and how long it is good for. */
export type CodeSent = { readonly reset_pwd_email: string; readonly expire_in: number };
export type VerifyCodeParams = { verify_code: string };
/** What every successful check gives: a single-use token for `password_reset`, valid `expire_in` s. */
export type ResetGrant = { readonly reset_token: string; readonly expire_in: number };
export type SecurityQuestions = { readonly [K in Numbered<'sec_question'>]: string };
export type SecurityAnswerParams = { [K in Numbered<'sec_answer'>]: string };
/** The three answers, in the order of the questions (compared ignoring case and extra spaces). */
export type SecurityAnswers = readonly [string, string, string];
/** `get_support_qrcode`: the text TP-Link support reads, its PNG (base64), valid 300 s. */
export type SupportQrCode = { readonly qrcode: string; readonly qrcode_png: string; readonly expire_in: number };
/** `password`: an envelope under a fresh challenge of the device the request goes to. */
export type PasswordResetParams = { reset_token: string; password: string; encrypt_type: '2' };

// --- chm (NVR) ------------------------------------------------------------------------------

/** A row of the `added_dev` table; every value is a string, as the vendor firmware sends it. */
export type AddedDevRow = {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  readonly port: string;
  readonly protocol: string;
  readonly uuid: string;
  readonly mac: string;
  readonly model: string;
  readonly vender: string;
  /** "1" connected; "0" offline or not certified. */
  readonly online: '1' | '0';
  /** "0" connected, "1" offline, "2" not certified. */
  readonly conn_status: '0' | '1' | '2';
  /** "0" the camera takes the stored password; "1" it refuses it (not certified). */
  readonly auth_result: '0' | '1';
};
/** Rows come wrapped, `{"chn_<id>": row}`, the firmware's table convention. */
export type AddedDevTable = { readonly added_dev: readonly { readonly [chn: `chn_${string}`]: AddedDevRow }[] };

/** A device heard by mDNS on the NVR's LAN and not added. */
export type FoundDev = { readonly uuid: string; readonly ip: string; readonly port: string; readonly mac: string; readonly model: string; readonly name: string; readonly activated: '1' | '0' };
export type FoundDevList = { readonly found_dev: readonly FoundDev[] };

/** One camera to add; `password` is an envelope under the NVR's challenge. */
export type AddDevParams = { ip: string; port: string; username: string; password: string };
/** Per camera: `id` and `status` when added, or its own `error_code` (-71518, -71560, -71552) and `msg`. */
export type AddDevResult = { readonly ip: string; readonly id?: string; readonly error_code: number; readonly status?: 'connected' | 'not-certified'; readonly msg?: string };
export type AddDevResults = { readonly device_list: readonly AddDevResult[] };

/** `chm_mod_dev_passwd`: `old_passwd` is the NVR's own password; both envelopes under one NVR challenge. */
export type ModDevPasswdParams = { id: string; old_passwd: string; new_passwd: string; encrypt_type: '2' };

/** A found camera, named for the relayed forgot-password actions by `uuid` (or `ip`). */
export type FoundCamera = { readonly uuid: string } | { readonly ip: string };
