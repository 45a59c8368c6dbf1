import { idText, nonBlank } from './schema-parts.js';
import { suite, suiteStep } from './suite-schema.js';
import { detection, duration, factoryReset, fault, faultClear, timelineEntry } from './timeline-schema.js';

/**
 * JSON Schema (draft 2020-12) of a version-1 scenario file. It describes the file as written;
 * rules that need more than one key at a time (unique ids and addresses, a password only on an
 * activated device, distinct questions, channels that name cameras on the NVR's LAN, devices
 * named by the timeline and the suite) live in semantic-checks.ts so their messages can name
 * both places. Defaults are listed for editors; scenario-defaults.ts applies them. Published
 * as scenarios/scenario.schema.json (scripts/scenario-schema-json.ts).
 */
export const SCENARIO_SCHEMA_ID = 'urn:vigi-sim:scenario:1';

const port = {
  type: 'integer',
  minimum: 0,
  maximum: 65535,
  description: 'TCP port, 0 to 65535. 0 picks a free port at start-up (useful in tests).',
} as const;

/** The NVR's channel table is this long at most (the largest VIGI NVRs have 64 channels). */
export const MAX_CHANNELS = 64;

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

/** Keys every kind of device has, with the same meaning. */
const deviceProperties = {
  id: {
    ...idText,
    description: 'Unique name of the device in the scenario (lower-case letters, digits and "-"), used by the control plane.',
  },
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
    description: 'false: the device is factory-fresh and waits for an initial password (then password, resetEmail and securityQuestions must be absent).',
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
  internet: { type: 'boolean', default: true, description: 'Whether the device reaches the TP-Link cloud; false forces the VIGI-app QR path.' },
  power: {
    enum: ['on', 'off', true, false],
    default: 'on',
    description: 'Power state at start-up: "on" or "off" (YAML 1.1 style true/false are accepted too).',
  },
  lan: {
    ...idText,
    default: 'default',
    description: 'The LAN the device is on (lower-case letters, digits and "-"). An NVR finds, and can add, only the cameras on its own LAN.',
  },
  openapi: {
    type: 'boolean',
    default: false,
    description: 'Whether VIGI OpenAPI is switched on at start (HTTPS on ports.openapi, default 20443: doAuth on cameras, Bearer tokens and added_devices on NVRs). Off by default, as on a real device; only an activated device can have it on. Kept in flash: the web API switches it (module openapi), a factory reset switches it off.',
  },
} as const;

const camera = {
  type: 'object',
  description: 'A VIGI IP camera and its state when the emulator starts.',
  additionalProperties: false,
  required: ['id', 'kind'],
  properties: {
    id: deviceProperties.id,
    kind: { const: 'camera', description: 'What the device is: "camera" here ("nvr" for a network video recorder).' },
    model: { ...nonBlank, default: 'C340', description: 'VIGI camera model code, e.g. "C340", "C540V", "C440", "C250".' },
    ...omitId(deviceProperties),
  },
} as const;

const channel = {
  type: 'object',
  description: 'A camera the NVR has added as a channel.',
  additionalProperties: false,
  required: ['camera'],
  properties: {
    camera: { ...idText, description: 'Id of a camera in this scenario, on the same LAN as the NVR, activated, and a channel of no other NVR.' },
    password: {
      type: 'string',
      minLength: 1,
      description: 'The password the NVR stores for the camera. Default: the camera\'s own password (the channel is certified); a different one makes the channel "added but not certified".',
    },
  },
} as const;

const nvr = {
  type: 'object',
  description: 'A VIGI NVR (network video recorder), the cameras it has added as channels, and its state when the emulator starts.',
  additionalProperties: false,
  required: ['id', 'kind'],
  properties: {
    id: deviceProperties.id,
    kind: { const: 'nvr', description: 'What the device is: "nvr" here ("camera" for an IP camera).' },
    model: { ...nonBlank, default: 'NVR1008H', description: 'VIGI NVR model code, e.g. "NVR1008H", "NVR1016H", "NVR2016H-16MP".' },
    ...omitId(deviceProperties),
    channels: {
      type: 'array',
      maxItems: MAX_CHANNELS,
      default: [],
      items: { $ref: '#/$defs/channel' },
      description: `The cameras the NVR has added, at most ${MAX_CHANNELS}. Its found (discovered, not added) devices are the other cameras on its LAN.`,
    },
  },
} as const;

/**
 * A device is a camera or an NVR, chosen by `kind` (absent: a camera, which then asks for it).
 * if/then/else rather than oneOf, so a mistake is reported against the one kind it was meant
 * to be, not against every kind at once.
 */
const device = {
  type: 'object',
  description: 'One emulated device: a camera or an NVR, chosen by "kind".',
  if: { properties: { kind: { const: 'nvr' } }, required: ['kind'] },
  then: { $ref: '#/$defs/nvr' },
  else: {
    if: { properties: { kind: { const: 'camera' } } },
    then: { $ref: '#/$defs/camera' },
    // Any other kind: say only that, since which keys apply depends on it.
    else: { properties: { kind: { enum: ['camera', 'nvr'], description: 'What the device is: "camera" or "nvr".' } } },
  },
} as const;

export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: SCENARIO_SCHEMA_ID,
  title: 'vigi-sim scenario, version 1',
  description: 'Devices emulated by vigi-sim, their initial state, what happens to them over time, and optionally a test suite. Keys are camelCase.',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'devices'],
  properties: {
    $schema: { type: 'string', description: 'Where editors find this schema, e.g. "../scenario.schema.json" (JSON files; YAML files use a "# yaml-language-server: $schema=..." comment).' },
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
        openapi: { ...port, default: 20443, description: 'Port of VIGI OpenAPI (HTTPS) on the devices that switch it on ("openapi: true"). 0 picks a free port at start-up.' },
      },
    },
    devices: {
      type: 'array',
      minItems: 1,
      items: { $ref: '#/$defs/device' },
      description: 'The emulated devices, cameras and NVRs, in order (addresses are allocated in this order).',
    },
    timeline: {
      type: 'array',
      default: [],
      items: { $ref: '#/$defs/timelineEntry' },
      description: 'What happens over time: faults applied and cleared, factory resets, at a virtual time ("at: 30s") or after an event ("after: { event: verification-code-sent, count: 2 }").',
    },
    suite: { $ref: '#/$defs/suite', description: 'Makes the scenario a test suite for "vigi-sim test": client steps with expectations.' },
  },
  $defs: { device, camera, nvr, channel, securityQuestion, duration, fault, faultClear, factoryReset, detection, timelineEntry, suite, suiteStep },
} as const;

/** The shared keys after `id`, so each kind lists id, kind and model first (as editors show them). */
function omitId<T extends { id: unknown }>(properties: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = properties;
  return rest;
}
