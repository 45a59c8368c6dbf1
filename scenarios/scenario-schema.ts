/**
 * JSON Schema (draft 2020-12) of a version-1 scenario file. It describes the file as written;
 * rules that need more than one key at a time (unique ids and addresses, a password only on an
 * activated camera, distinct questions) live in semantic-checks.ts so their messages can name
 * both places. Defaults are listed for editors; scenario-defaults.ts applies them.
 */
const port = {
  type: 'integer',
  minimum: 0,
  maximum: 65535,
  description: 'TCP port, 0 to 65535. 0 picks a free port at start-up (useful in tests).',
} as const;

/** A string with at least one non-space character. */
const nonBlank = { type: 'string', pattern: '\\S' } as const;

const securityQuestion = {
  type: 'object',
  description: 'One security question and its answer, as set when the device was activated.',
  additionalProperties: false,
  required: ['question', 'answer'],
  properties: {
    question: { ...nonBlank, description: 'The question, e.g. "Name of your first pet?".' },
    answer: { ...nonBlank, description: 'The answer that unlocks a password reset.' },
  },
} as const;

const camera = {
  type: 'object',
  description: 'A VIGI IP camera and its state when the emulator starts.',
  additionalProperties: false,
  required: ['id', 'kind'],
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]*$',
      maxLength: 63,
      description: 'Unique name of the device in the scenario (lower-case letters, digits and "-"), used by the control plane.',
    },
    kind: { enum: ['camera'], description: 'What the device is. Version 1 has cameras only.' },
    model: { ...nonBlank, default: 'C340', description: 'VIGI model code, e.g. "C340", "C540V", "C440", "C250".' },
    name: { ...nonBlank, description: 'Display name, e.g. "Front Door". Defaults to the id.' },
    mac: {
      type: 'string',
      pattern: '^[0-9A-Fa-f]{2}(-[0-9A-Fa-f]{2}){5}$',
      description: 'MAC address as six hex pairs joined by "-", e.g. "40-AE-30-00-00-01". Generated from the seed when absent.',
    },
    uuid: { ...nonBlank, description: 'Device UUID. Generated from the seed when absent.' },
    serial: { ...nonBlank, description: 'Serial number. Generated from the seed when absent.' },
    firmware: { ...nonBlank, description: 'Firmware version string. A default for the model when absent.' },
    ip: {
      type: 'string',
      format: 'ipv4',
      description: 'IPv4 address of the device, unique in the scenario. Allocated from 127.77.0.0/16 in scenario order when absent.',
    },
    activated: {
      type: 'boolean',
      default: true,
      description: 'false: the camera is factory-fresh and waits for an initial password (then password, resetEmail and securityQuestions must be absent).',
    },
    password: { type: 'string', minLength: 1, description: 'Admin password. Required when activated; must be absent when not activated.' },
    resetEmail: { type: 'string', format: 'email', description: 'Reset Password Email set at activation; the verification code is mailed there.' },
    securityQuestions: {
      type: 'array',
      minItems: 3,
      maxItems: 3,
      items: { $ref: '#/$defs/securityQuestion' },
      description: 'Exactly three distinct security questions with their answers.',
    },
    internet: { type: 'boolean', default: true, description: 'Whether the camera reaches the TP-Link cloud; false forces the VIGI-app QR path.' },
    power: {
      enum: ['on', 'off', true, false],
      default: 'on',
      description: 'Power state at start-up: "on" or "off" (YAML 1.1 style true/false are accepted too).',
    },
  },
} as const;

export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'vigi-sim scenario, version 1',
  description: 'Devices emulated by vigi-sim and their initial state. Keys are camelCase.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'devices'],
  properties: {
    version: { const: 1, description: 'Format version of this file. Always 1 for this schema.' },
    name: { ...nonBlank, description: 'Name of the scenario, shown at start-up.' },
    seed: {
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: 'Seed for every generated value (identities, nonces, codes): the same seed replays the same run. --seed overrides it.',
    },
    ports: {
      type: 'object',
      description: 'Ports every device serves its web API on (each device has its own IP).',
      additionalProperties: false,
      properties: {
        https: { ...port, default: 8443 },
        http: { ...port, default: 8080 },
      },
    },
    devices: {
      type: 'array',
      minItems: 1,
      items: { $ref: '#/$defs/camera' },
      description: 'The emulated devices, in order (addresses are allocated in this order).',
    },
  },
  $defs: { camera, securityQuestion },
} as const;
