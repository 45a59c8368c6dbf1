import { DURATION_PATTERN } from './duration.js';
import { exactlyOneKey, idText } from './schema-parts.js';
import { deviceFaultTypes, globalFaultTypes } from './timeline-types.js';
import { detectionTypes } from '../devices/camera/camera-detection.js';

/**
 * Schema of the scenario key `timeline` and of what it shares with suites: durations and
 * faults. Rules between keys (which fault takes a device, `ms` only for latency, devices that
 * exist, `for` only with a fault) are in timeline-checks.ts, so their messages can say why.
 */
export const timelineTriggers = ['at', 'after'] as const;
export const timelineActions = ['fault', 'clear', 'factoryReset', 'detect'] as const;

/** `30s`, `500ms`, `5m`, `1h`, `1m30s`, or 0. schema-problems.ts recognises it by its title. */
export const duration = {
  title: 'duration',
  description: 'A duration: a whole number and a unit (ms, s, m, h), e.g. 500ms, 30s, 5m, 1h; units may be combined from largest to smallest (1m30s); or 0.',
  anyOf: [{ const: 0 }, { type: 'string', pattern: DURATION_PATTERN }],
  examples: ['30s', '500ms', '5m', '1h'],
} as const;

const faultType = {
  enum: [...deviceFaultTypes, ...globalFaultTypes],
  description: 'The fault: power-off, offline (network cut), no-internet (LAN only: the email path fails, the app path is needed), latency, mdns-silent, or smtp-down (global: mail is not delivered).',
} as const;

const faultDevice = {
  ...idText,
  description: 'Id of the device the fault hits. Every fault but smtp-down (which is global) needs one.',
} as const;

export const fault = {
  type: 'object',
  description: 'A fault: which, on which device (none for the global smtp-down), and how often.',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: faultType,
    device: faultDevice,
    ms: {
      type: 'integer',
      minimum: 1,
      maximum: 60000,
      description: 'latency only, and required there: the delay added to every request, in milliseconds (1 to 60000).',
    },
    probability: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: 1,
      description: 'offline, latency and smtp-down only: each request (or mail) is hit with this probability, 0 < p <= 1, drawn from the seed. Absent: every one.',
    },
  },
} as const;

export const faultClear = {
  type: 'object',
  description: 'A fault to clear: its type, and the device for every fault but smtp-down.',
  additionalProperties: false,
  required: ['type'],
  properties: { type: faultType, device: faultDevice },
} as const;

export const factoryReset = {
  type: 'object',
  description: 'Press the reset button: the device returns to factory-fresh, keeping nothing of its password, email or questions.',
  additionalProperties: false,
  required: ['device'],
  properties: { device: { ...idText, description: 'Id of the device to reset (a camera or an NVR).' } },
} as const;

export const detection = {
  type: 'object',
  description: 'A camera detects something: its OpenAPI subscribeMsg listeners hear {"event_type", "time"} unless that kind\'s msg_push switch is off (docs/openapi.md).',
  additionalProperties: false,
  required: ['device', 'type'],
  properties: {
    device: { ...idText, description: 'Id of the camera that detects.' },
    type: { enum: [...detectionTypes], description: 'What it detects, as the OpenAPI event_type names it.' },
  },
} as const;

export const timelineEntry = {
  type: 'object',
  description: 'One thing that happens to the topology: a trigger ("at" or "after") and an action ("fault", "clear", "factoryReset" or "detect").',
  additionalProperties: false,
  properties: {
    at: { $ref: '#/$defs/duration', description: 'Trigger: this long after start, on the virtual clock, e.g. 30s (0: at once).' },
    after: {
      type: 'object',
      description: 'Trigger: after the nth event of this type, e.g. { event: verification-code-sent, device: cam-front, count: 2 }.',
      additionalProperties: false,
      required: ['event'],
      properties: {
        event: {
          type: 'string',
          pattern: '^[a-z][a-z-]*$',
          description: 'Type of the event, as in the event stream (past tense, lower case and "-").',
          examples: ['verification-code-sent', 'password-reset', 'powered-off', 'mail-delivered', 'logged-in', 'locked-out', 'activated'],
        },
        device: { ...idText, description: 'Count only the events of this device. Default: of any device.' },
        count: { type: 'integer', minimum: 1, default: 1, description: 'Fire after this many matching events (1: the first one).' },
      },
    },
    fault: { $ref: '#/$defs/fault', description: 'Action: apply a fault (and, with "for", clear it again later).' },
    clear: { $ref: '#/$defs/faultClear', description: 'Action: clear a fault applied before.' },
    factoryReset: { $ref: '#/$defs/factoryReset', description: 'Action: press the reset button of a device.' },
    detect: { $ref: '#/$defs/detection', description: 'Action: a camera detects something (a person, a vehicle, motion...).' },
    for: { $ref: '#/$defs/duration', description: 'With "fault" only: clear the fault again after this long.' },
  },
  allOf: [exactlyOneKey('trigger', timelineTriggers), exactlyOneKey('action', timelineActions)],
} as const;
