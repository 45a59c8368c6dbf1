/**
 * The one catalogue of vendor error codes the emulated devices answer with. Codes and names
 * marked `public` come from the VIGI NVR firmware's error table (research/vigi-wire-facts.md
 * §2.2, §3.5, §4); those marked `ours` are not in any public source and were chosen here, in
 * a range the public table leaves unused. docs/error-codes.md is generated from this table.
 */
export interface VendorErrorEntry {
  readonly code: number;
  readonly name: string;
  readonly source: 'public' | 'ours';
  /** What the code means, for humans and docs. */
  readonly meaning: string;
}

const entries = {
  UNAUTHENTICATED: { code: -40401, name: 'EUNAUTH', source: 'public', meaning: 'Not authenticated: challenge reply, failed login, or an expired or unknown stok.' },
  LOCKED: { code: -40404, name: 'ESYSLOCKED', source: 'public', meaning: 'Temporarily locked after too many failures; `sec_left` says for how long.' },
  NOT_ACTIVATED: { code: -40405, name: 'ESYSRESET', source: 'public', meaning: 'The device is factory-fresh: set an initial password first.' },
  NONCE_INVALID: { code: -40410, name: 'ESYSNONCEINVALID', source: 'public', meaning: 'The nonce is stale, unknown or already used: fetch a new challenge.' },
  RESET_TOKEN_INVALID: { code: -40412, name: 'ETMPPWD_EXPIRED', source: 'public', meaning: 'The reset token is unknown, used or expired: verify again.' },
  SYSTEM: { code: -40101, name: 'ESYSTEM', source: 'public', meaning: 'Internal error; the request changed nothing.' },
  UNKNOWN_ACTION: { code: -40105, name: 'ECODE', source: 'public', meaning: 'The module exists but has no such method or action.' },
  UNKNOWN_MODULE: { code: -40106, name: 'EINVINSTRUCT', source: 'public', meaning: 'Unknown module.' },
  INVALID_ARGUMENT: { code: -40209, name: 'EINVARG', source: 'public', meaning: 'A parameter has the wrong type or value.' },
  INVALID_FORMAT: { code: -40210, name: 'EINVFMT', source: 'public', meaning: 'The request is not a JSON object of the expected shape, or a string is not valid URL-encoding.' },
  MISSING_ARGUMENT: { code: -40211, name: 'ELACKARG', source: 'public', meaning: 'A required parameter is missing.' },
  INVALID_EMAIL: { code: -50201, name: 'EINVMAILFMT', source: 'public', meaning: 'The reset email address is not a valid address.' },
  OLD_PASSWORD_WRONG: { code: -50925, name: 'EPWDERROR', source: 'public', meaning: 'The old password is wrong.' },
  PASSWORD_BLANK: { code: -50926, name: 'EPWDBLANK', source: 'public', meaning: 'The password is empty.' },
  ALREADY_ACTIVATED: { code: -50932, name: 'EHASINITPWD', source: 'public', meaning: 'The device already has a password; set_initial_password is for factory-fresh devices.' },
  NO_SECURITY_QUESTIONS: { code: -50936, name: 'EQUESTIONEMPTY', source: 'public', meaning: 'No security questions were set up when the device was activated.' },
  INVALID_QUESTION: { code: -50938, name: 'EINVQUESTION', source: 'public', meaning: 'A security question or answer is empty or too long.' },
  INVALID_QUESTION_COUNT: { code: -50939, name: 'EINVQUESTIONNUM', source: 'public', meaning: 'Security questions come as exactly three, each with an answer.' },
  REPEATED_QUESTION: { code: -50940, name: 'EQUESTIONREPEAT', source: 'public', meaning: 'The same security question was given twice.' },
  NO_INTERNET: { code: -51218, name: 'EINVCONNECTTINGCLOUDSERVER', source: 'public', meaning: 'The device cannot reach the TP-Link cloud: scan the returned QR code with the VIGI app instead.' },
  CODE_FORMAT: { code: -51221, name: 'EINVVERICODEFORMAT', source: 'public', meaning: 'A verification code is six digits.' },
  NEW_PASSWORD_INVALID: { code: -51222, name: 'EINVNEWPASSWORD', source: 'public', meaning: 'The new password envelope is not a valid MD5 form.' },
  PASSWORD_EMPTY: { code: -51227, name: 'EINPASSWORDEMPTY', source: 'public', meaning: 'The new password is empty.' },
  CODE_EMPTY: { code: -51228, name: 'EINVERICODEEMPTY', source: 'public', meaning: 'The verification code is empty.' },
  CODE_WRONG: { code: -20607, name: 'EINVACCOUNTRESETPWDCAPTCHAERR', source: 'public', meaning: 'The verification code is wrong.' },
  MAIL_SEND_FAILED: { code: -20609, name: 'EINVCLOUDERRORRESETMAILSENDFAIL', source: 'public', meaning: 'The reset mail could not be sent; nothing was mailed.' },
  CODE_EXPIRED: { code: -20673, name: 'EINVCLOUDERRORRESETPWDTIMEOUT', source: 'public', meaning: 'The code or QR code expired, or was lost when the device restarted: request a new one.' },
  TOO_MANY_MAILS: { code: -21002, name: 'EINVCLOUDERRORSENDTOOMANYEMAILS', source: 'public', meaning: 'Too many codes were sent recently; `sec_left` says when the next one may be sent.' },
  CHANNEL_UNKNOWN: { code: -71502, name: 'ENVRCHMTCHNNOTEXIST', source: 'public', meaning: 'No channel has that id.' },
  CHANNEL_ADD_FAILED: { code: -71518, name: 'ENVRCHMTADDEDFAIL', source: 'public', meaning: 'The camera could not be added: nothing answered at that address.' },
  CHANNEL_PASSWORD_CHANGE_FAILED: { code: -71522, name: 'ENVRCHMMODPWINVP', source: 'public', meaning: 'The camera refused the password change; camera and NVR keep the old password.' },
  NO_FREE_CHANNEL: { code: -71552, name: 'ENVRCHMCHNNA', source: 'public', meaning: 'Every channel of the NVR is in use.' },
  CHANNEL_NOT_CERTIFIED: { code: -71554, name: 'ENVRCHMAUTHFAIL', source: 'public', meaning: 'The camera does not accept the password the NVR stores (not certified): remove the camera and add it again with its password.' },
  CHANNEL_NOT_CONNECTED: { code: -71558, name: 'ENVRCHMCHNNCONN', source: 'public', meaning: 'The channel\'s camera is not connected (offline or powered off).' },
  CHANNEL_IP_IN_USE: { code: -71560, name: 'ENVRCHMIPINUSE', source: 'public', meaning: 'A channel already uses that address.' },
  FOUND_DEVICE_UNKNOWN: { code: -71562, name: 'ENVRCHMNOTEXIST', source: 'public', meaning: 'No device with that uuid or address was found on the NVR\'s LAN.' },
  OPENAPI_UNAUTHORIZED: { code: -10002, name: 'EOPENAPIUNAUTH', source: 'public', meaning: 'OpenAPI (port 20443): unauthorized, i.e. a wrong doAuth digest or an unknown or expired stok (a stok lives 30 minutes); the NVR answers a bad or expired Bearer token with it and HTTP 401. Code public (research §1.4, §4.2); name ours.' },
  OPENAPI_AUTH_REQUIRED: { code: -10020, name: 'EOPENAPIAUTHREQ', source: 'public', meaning: 'OpenAPI: authenticate first; the reply carries a doAuth challenge (`authenticate` with realm, nonce, algorithm SHA-256). Also the answer to a stale or unknown nonce. Code public (research §1.4); name ours.' },
  OPENAPI_UNSUPPORTED: { code: -10030, name: 'EOPENAPIUNSUPPORTED', source: 'public', meaning: 'OpenAPI: the method or path is not supported on this model. Code public (research §4.2); name ours.' },
  NO_RESET_EMAIL: { code: -51291, name: 'ERESETEMAILNONE', source: 'ours', meaning: 'No Reset Password Email was set up when the device was activated.' },
  SECURITY_ANSWER_WRONG: { code: -51292, name: 'ESECANSWERWRONG', source: 'ours', meaning: 'One or more security answers are wrong.' },
  QR_INVALID: { code: -51293, name: 'EQRCODEINVALID', source: 'ours', meaning: 'The QR code is not one a VIGI device issued, or was altered.' },
  DEVICE_UNKNOWN: { code: -51294, name: 'EDEVICEUNKNOWN', source: 'ours', meaning: 'No emulated device matches (control plane).' },
  POWERED_OFF: { code: -51295, name: 'EDEVICEPOWEREDOFF', source: 'ours', meaning: 'The device is powered off (control plane; on the wire it does not answer at all).' },
  OPENAPI_BAD_REQUEST: { code: -10090, name: 'EOPENAPIBADREQ', source: 'ours', meaning: 'OpenAPI: the body is not a JSON object `{"method": <string>, "params": ...}`, or a parameter has the wrong type.' },
} as const satisfies Record<string, VendorErrorEntry>;

export type VendorErrorKey = keyof typeof entries;
export const vendorErrors: Readonly<Record<VendorErrorKey, VendorErrorEntry>> = entries;

/**
 * An expected refusal, carried as a value: the vendor code, a message for the person whose
 * request was refused, and data the wire reply carries (e.g. `sec_left`).
 */
export interface Refusal {
  readonly refused: true;
  readonly code: number;
  readonly name: string;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

export function refuse(key: VendorErrorKey, message?: string, data?: Record<string, unknown>): Refusal {
  const entry = vendorErrors[key];
  return { refused: true, code: entry.code, name: entry.name, message: message ?? entry.meaning, ...(data ? { data } : {}) };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && (value as { refused?: unknown }).refused === true;
}
