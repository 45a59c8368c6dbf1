import { exactlyOneKey, idText, nonBlank } from './schema-parts.js';

/**
 * Schema of the scenario key `suite`: steps a built-in client runs against the devices, each
 * with one action (keys below; suite-steps.ts turns them into the SuiteAction kinds) and
 * optionally an expectation and captures. Rules between steps (devices that exist and are of
 * the right kind, unique names, `${name}` captured before use) are in suite-checks.ts.
 */
export const suiteActionKeys = [
  'call', 'login', 'activate', 'forget', 'resetPassword', 'nvr', 'nvrTable', 'nvrChangePassword', 'nvrAdd',
  'mail', 'appScan', 'supportCode', 'fault', 'clearFault', 'factoryReset', 'advance', 'openapi', 'detect', 'openapiEvent',
  'checkpoint', 'restore',
] as const;
export type SuiteActionKey = (typeof suiteActionKeys)[number];

/** Capture names: what `${name}` refers to. */
export const CAPTURE_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';

/** As the control plane takes them (POST /__sim/checkpoints). */
const checkpointName = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;

const placeholderNote = 'May use ${name} for a value captured by an earlier step.';

const device = (what: string) => ({ ...idText, description: what });
const text = (what: string) => ({ type: 'string', minLength: 1, description: `${what} ${placeholderNote}` });
const params = (what: string) => ({ type: 'object', description: `${what} ${placeholderNote}` });

/** A mapping with exactly these keys, the `required` ones first. */
function action<const P extends Record<string, unknown>>(description: string, required: readonly (keyof P & string)[], properties: P) {
  return { type: 'object', description, additionalProperties: false, required, properties } as const;
}

export const suiteStep = {
  type: 'object',
  description: 'One step: a name, exactly one action, and optionally "expect" and "capture".',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { ...nonBlank, description: 'What the step does, unique in the suite; printed in the TAP line "ok N - <suite> > <step>".' },
    call: action('A raw request to a device\'s web API: {"method": method, module: params}.', ['device', 'method', 'module'], {
      device: device('Id of the device to call (a camera or an NVR).'),
      method: { ...nonBlank, description: 'The request method: get, set, do, add or delete (anything else tests the refusal).', examples: ['get', 'set', 'do', 'add', 'delete'] },
      module: { ...nonBlank, description: 'The module, e.g. user_management, forget_password, chm.' },
      params: { description: `The module's value, e.g. { get_encrypt_info: null }. ${placeholderNote}` },
      session: { type: 'boolean', default: false, description: 'true: send it with the session of the last login to this device (POST /stok=<stok>/ds); false: pre-auth (POST /).' },
    }),
    login: action('Log in to a device (challenge, RSA envelope, stok); later steps on this device use the session.', ['device', 'password'], {
      device: device('Id of the device (a camera or an NVR).'),
      password: text('The admin password to try.'),
      username: { ...nonBlank, default: 'admin', description: 'The user name. Default: admin.' },
    }),
    activate: action('Activate a factory-fresh device with an admin password and, optionally, a reset email and three security questions.', ['device', 'password'], {
      device: device('Id of the device (a camera or an NVR).'),
      password: text('The initial admin password.'),
      resetEmail: { type: 'string', format: 'email', description: 'Reset Password Email to set up.' },
      questions: {
        type: 'array',
        minItems: 3,
        maxItems: 3,
        items: { $ref: '#/$defs/securityQuestion' },
        description: 'Three distinct security questions with their answers, to set up.',
      },
    }),
    forget: action('A forgotten-password action of a camera (module forget_password), e.g. send_verification_code.', ['device', 'action'], {
      device: device('Id of the camera.'),
      action: {
        type: 'string',
        pattern: '^[a-z][a-z0-9_]*$',
        description: 'The forget_password action.',
        examples: ['get_methods', 'send_verification_code', 'verification_code_check', 'get_sec_questions', 'sec_answer_check', 'get_support_qrcode', 'support_code_check'],
      },
      params: params('The action\'s parameters, e.g. { verify_code: "${code}" }.'),
      session: { type: 'boolean', default: false, description: 'true: send it with the session of the last login to this camera.' },
    }),
    resetPassword: action('Set a new password with a reset token (forget_password.password_reset, the password in its RSA envelope).', ['device', 'token', 'password'], {
      device: device('Id of the camera.'),
      token: text('The reset_token, usually "${token}".'),
      password: text('The new admin password.'),
    }),
    nvr: action('A chm action of an NVR, with its session (log in to the NVR first).', ['device', 'action'], {
      device: device('Id of the NVR.'),
      action: {
        type: 'string',
        pattern: '^[a-z][a-z0-9_]*$',
        description: 'The chm action.',
        examples: ['chm_device_discovery', 'chm_del_dev', 'chm_get_adding_dev_sec_question', 'chm_forget_password', 'chm_verification_code_check', 'chm_password_reset'],
      },
      params: params('The action\'s parameters.'),
    }),
    nvrTable: action('Read the NVR\'s added_dev table (channels with online, conn_status, auth_result).', ['device'], {
      device: device('Id of the NVR.'),
    }),
    nvrChangePassword: action('Change a channel camera\'s password through the NVR (chm_mod_dev_passwd, both envelopes under one NVR challenge).', ['device', 'channel', 'nvrPassword', 'newPassword'], {
      device: device('Id of the NVR.'),
      channel: device('Id of the camera on that channel.'),
      nvrPassword: text('The NVR\'s own admin password.'),
      newPassword: text('The camera\'s new password.'),
    }),
    nvrAdd: action('Add a camera to the NVR (chm_add_dev_list, its password in the envelope of the NVR\'s challenge).', ['device', 'camera', 'password'], {
      device: device('Id of the NVR.'),
      camera: device('Id of the camera to add.'),
      password: text('The camera\'s admin password.'),
    }),
    mail: action('Wait for the next mail to an address (arriving after the previous step); capture from its text with /regex/.', ['to'], {
      to: { type: 'string', format: 'email', description: 'The recipient, e.g. the device\'s reset email.' },
      timeout: { $ref: '#/$defs/duration', description: 'How long to wait, e.g. 10s. Default: the test runner\'s.' },
    }),
    appScan: action('The VIGI app scans a camera\'s QR code: the emulated cloud mails the verification code.', ['qrcode'], {
      qrcode: text('The QR payload, usually "${qrcode}".'),
    }),
    supportCode: action('A support agent reads the support QR code and gives the verification code.', ['qrcode'], {
      qrcode: text('The QR payload, usually "${qrcode}".'),
    }),
    fault: { $ref: '#/$defs/fault', description: 'Apply a fault, as the control plane would.' },
    clearFault: { $ref: '#/$defs/faultClear', description: 'Clear a fault.' },
    factoryReset: { $ref: '#/$defs/factoryReset', description: 'Press the reset button of a device.' },
    advance: { $ref: '#/$defs/duration', description: 'Move the virtual clock on by this long, e.g. 301s (past a 5-minute expiry).' },
    openapi: action('VIGI OpenAPI (port 20443) of a device that has it on. With "password": log in (camera doAuth, NVR HTTP Digest token). With "call": a camera method on the stok (e.g. getStreamPort) or, on an NVR, added_devices; a camera\'s subscribeMsg opens its event stream for later openapiEvent steps, and the reply is the stream\'s first part. The reply is { ok, errCode | status, ... }; default expectation { ok: true }.', ['device'], {
      device: device('Id of the device (a camera or an NVR).'),
      password: text('The admin password to log in with (with or without "call").'),
      call: { ...nonBlank, description: 'Camera: the method, e.g. getStreamPort or subscribeMsg. NVR: added_devices. (With or without "password".)', examples: ['getStreamPort', 'subscribeMsg', 'setVehicleDetectionSwitch', 'added_devices'] },
      params: params('A camera method\'s params.'),
    }),
    detect: { $ref: '#/$defs/detection', description: 'A camera detects something, as the control plane would make it (POST /__sim/devices/<id>/detections); the reply is { status, body: { eventType, time, pushed } }.' },
    openapiEvent: action('Wait for the next detection on the camera\'s OpenAPI event stream (opened by an earlier openapi step with call: subscribeMsg), heartbeats skipped. The reply is { received, event_type, time }; default expectation { received: true }.', ['device'], {
      device: device('Id of the camera.'),
      timeout: { $ref: '#/$defs/duration', description: 'How long to wait, e.g. 2s. Default: the test runner\'s.' },
    }),
    checkpoint: { ...checkpointName, description: 'Take a named checkpoint of the whole topology (devices, mailbox, faults), e.g. after-setup.' },
    restore: { ...checkpointName, description: 'Return to a checkpoint taken by an earlier step.' },
    expect: {
      description: 'What the reply must contain: a subset match (nested mappings match partially; "/.../" is a regular expression). Default for device calls: { error_code: 0 }.',
    },
    capture: {
      type: 'object',
      description: 'Values for later steps: name: dotted path in the reply (forget_password.reset_token), or "/regex/" with one group over a mail\'s text.',
      propertyNames: { pattern: CAPTURE_NAME },
      additionalProperties: { type: 'string', minLength: 1 },
    },
  },
  allOf: [exactlyOneKey('action', suiteActionKeys)],
} as const;

export const suite = {
  type: 'object',
  description: 'Makes the scenario a test suite: steps run by "vigi-sim test", one TAP line each.',
  additionalProperties: false,
  required: ['name', 'steps'],
  properties: {
    name: { ...nonBlank, description: 'Name of the suite, printed in every TAP line.' },
    steps: { type: 'array', minItems: 1, items: { $ref: '#/$defs/suiteStep' }, description: 'The steps, run in order.' },
  },
} as const;
