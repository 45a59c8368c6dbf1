import type { FastifyInstance, FastifySchema } from 'fastify';
import swagger from '@fastify/swagger';
import { readFileSync } from 'node:fs';
import { deviceFaultTypes, globalFaultTypes } from '../../devices/faults/fault-spec.js';
import { detectionTypes } from '../../devices/camera/camera-detection.js';
import { projectFile } from '../project-files.js';

/**
 * The control plane's own description (OpenAPI 3, served at `GET /__sim/openapi.json`). The
 * route schemas here only **document**: the app's validator and serializer compilers are
 * pass-through, so a handler still sees the body as sent and answers bad input in its own words
 * (`{"error":{"message"}}`, 4xx), and replies go out exactly as the handler built them.
 */

type Json = Record<string, unknown>;

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const bool = { type: 'boolean' } as const;

export const errorReply: Json = {
  description: 'A refusal: HTTP 4xx with a sentence, and the vendor code and name where one applies. Never a 5xx.',
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['message'],
      additionalProperties: false,
      properties: { message: str, code: { type: 'integer', description: 'Vendor error code (docs/error-codes.md)' }, name: str },
    },
  },
};

const clockShort: Json = { type: 'object', required: ['now', 'offsetMs'], additionalProperties: false, properties: { now: { type: 'string', format: 'date-time' }, offsetMs: { type: 'number' } } };
const clockReply: Json = {
  description: 'Virtual time: ISO 8601, milliseconds since the epoch, and how far it runs ahead of the wall clock.',
  type: 'object',
  required: ['now', 'nowMs', 'offsetMs'],
  additionalProperties: false,
  properties: { now: { type: 'string', format: 'date-time' }, nowMs: { type: 'number' }, offsetMs: { type: 'number' } },
};

export const deviceSummary: Json = {
  description: 'One emulated device as the control plane sees it; NVRs add their channels.',
  type: 'object',
  required: ['id', 'kind', 'model', 'name', 'mac', 'uuid', 'serial', 'firmware', 'ip', 'ports', 'activated', 'power', 'internet', 'lan', 'faults'],
  additionalProperties: false,
  properties: {
    id: str,
    kind: { type: 'string', enum: ['camera', 'nvr'] },
    model: str,
    name: str,
    mac: { type: 'string', example: '40-AE-30-00-00-01' },
    uuid: str,
    serial: str,
    firmware: str,
    ip: { type: 'string', example: '127.77.0.1' },
    ports: { type: 'object', required: ['http', 'https'], additionalProperties: false, properties: { http: int, https: int, openapi: { type: 'integer', description: 'The VIGI OpenAPI port, only on devices that have it switched on (docs/openapi.md)' } } },
    activated: bool,
    power: { type: 'string', enum: ['on', 'off'] },
    internet: bool,
    lan: str,
    faults: { type: 'array', items: str, description: 'Faults in force on this device, including power-off and no-internet from its own state.' },
    channels: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'ip', 'uuid', 'name', 'certification'],
        additionalProperties: false,
        properties: { id: str, ip: str, uuid: str, name: str, certification: str },
      },
    },
  },
};

const faultType = { type: 'string', enum: [...deviceFaultTypes, ...globalFaultTypes] };
const faultBody = (types: readonly string[], example: Json): Json => ({
  type: 'object',
  required: ['type'],
  properties: {
    type: { type: 'string', enum: [...types] },
    ms: { type: 'number', minimum: 1, maximum: 60000, description: 'latency only: the delay per request' },
    probability: { type: 'number', minimum: 0, maximum: 1, description: 'offline, latency and smtp-down: the chance (above 0) of each hit, drawn from the scenario seed' },
  },
  example,
});
const faultRow: Json = {
  type: 'object',
  required: ['type', 'source', 'hits', 'explain'],
  additionalProperties: false,
  properties: { type: faultType, device: str, ms: { type: 'number' }, probability: { type: 'number' }, source: str, hits: int, explain: str },
};
const deviceIdParams: Json = { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'Device id from the scenario, e.g. cam-front' } } };
const qrBody: Json = { type: 'object', required: ['qrcode'], properties: { qrcode: { type: 'string', description: 'The `vigi-reset:1:...` payload of a device QR code' } }, example: { qrcode: 'vigi-reset:1:eyJ...:3f2a...' } };
const mailMessage: Json = {
  type: 'object',
  required: ['id', 'to', 'from', 'subject', 'text', 'html', 'date'],
  additionalProperties: false,
  properties: { id: str, to: str, from: str, subject: str, text: str, html: str, date: { type: 'string', format: 'date-time' } },
};
const journalEntry: Json = {
  description: 'One journal entry: `type`, `deviceId` (or `clock`, `control`...), `at` (virtual ms), `seq`, and details that depend on the type.',
  type: 'object',
  required: ['type', 'deviceId', 'at', 'seq'],
  additionalProperties: true,
  properties: { type: str, deviceId: str, at: { type: 'number' }, seq: int },
};
const eventQuery: Json = {
  type: 'object',
  properties: {
    since: { type: 'string', description: 'Only entries after this sequence number (a WebSocket replays them first)' },
    types: { type: 'string', description: 'Comma-separated (or repeated) entry types' },
    device: { type: 'string', description: 'Comma-separated (or repeated) device ids' },
    limit: { type: 'string', description: 'Plain HTTP only: at most this many of the newest entries (1..10000, default 200)' },
  },
};

const deviceRequest: Json = {
  type: 'object', required: ['seq', 'at', 'deviceId', 'scheme', 'session', 'errorCode', 'httpStatus'], additionalProperties: false,
  properties: {
    seq: int, at: { type: 'number', description: 'Virtual time, ms since the epoch' }, deviceId: str, scheme: { type: 'string', enum: ['https', 'http'] },
    session: bool, method: str, module: str, action: str, errorCode: int, httpStatus: int,
  },
};
const checkpointSummary: Json = {
  type: 'object', required: ['name', 'takenAt', 'devices', 'mails', 'faults'], additionalProperties: false,
  properties: { name: str, takenAt: { type: 'string', format: 'date-time', description: 'Virtual time' }, devices: int, mails: int, faults: int },
};
const checkpointParams: Json = { type: 'object', required: ['name'], properties: { name: { type: 'string', description: 'A checkpoint name, e.g. after-setup' } } };
const errors = (...codes: number[]): Json => Object.fromEntries(codes.map((code) => [code, errorReply]));
const ok = (schema: Json, description: string): Json => ({ ...schema, description });

/** Each control-plane route's schema, by "METHOD url". */
export const routeSchemas: Record<string, FastifySchema & Json> = {
  'GET /__sim/devices': { summary: 'List devices', tags: ['devices'], response: { 200: { description: 'Every device, in scenario order', type: 'array', items: deviceSummary } } },
  'GET /__sim/devices/:id': { summary: 'One device', tags: ['devices'], params: deviceIdParams, response: { 200: ok(deviceSummary, 'The device'), ...errors(404) } },
  'POST /__sim/devices/:id/faults': {
    summary: 'Apply a device fault',
    description: 'power-off, offline, no-internet, latency (with `ms`) or mdns-silent; see docs/control-plane.md for what each does.',
    tags: ['faults'],
    params: deviceIdParams,
    body: faultBody(deviceFaultTypes, { type: 'latency', ms: 200 }),
    response: { 201: ok(deviceSummary, 'Applied: the device with its faults'), ...errors(400, 404, 409) },
  },
  'DELETE /__sim/devices/:id/faults': { summary: 'Clear every fault of a device', tags: ['faults'], params: deviceIdParams, response: { 200: ok(deviceSummary, 'The device'), ...errors(404) } },
  'DELETE /__sim/devices/:id/faults/:type': {
    summary: 'Clear one device fault',
    tags: ['faults'],
    params: { type: 'object', required: ['id', 'type'], properties: { id: { type: 'string' }, type: { type: 'string', enum: [...deviceFaultTypes] } } },
    response: { 200: ok(deviceSummary, 'The device'), ...errors(400, 404) },
  },
  'GET /__sim/faults': { summary: 'Every fault in force', description: 'Faults outside the devices\' own state, each with who applied it and how often it hit.', tags: ['faults'], response: { 200: { description: 'The faults', type: 'array', items: faultRow } } },
  'POST /__sim/faults': {
    summary: 'Apply the global fault',
    tags: ['faults'],
    body: faultBody(globalFaultTypes, { type: 'smtp-down' }),
    response: {
      201: { description: 'Applied', type: 'object', required: ['type', 'explain'], additionalProperties: false, properties: { type: faultType, probability: { type: 'number' }, explain: str } },
      ...errors(400, 409),
    },
  },
  'DELETE /__sim/faults/:type': {
    summary: 'Clear the global fault',
    tags: ['faults'],
    params: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: [...globalFaultTypes] } } },
    response: { 200: { description: 'How many faults were cleared', type: 'object', required: ['cleared'], additionalProperties: false, properties: { cleared: int } }, ...errors(400) },
  },
  'POST /__sim/devices/:id/factory-reset': {
    summary: 'Press the reset button',
    description: 'Back to factory-fresh: password, reset email and questions forgotten; identity kept. Then activate it with set_initial_password (docs/protocol.md).',
    tags: ['devices'],
    params: deviceIdParams,
    response: { 200: ok(deviceSummary, 'The device, now not activated'), ...errors(404, 409) },
  },
  'POST /__sim/devices/:id/detections': {
    summary: 'Make a camera detect something',
    description: 'The camera journals a `detected` event and pushes `{"event_type", "time"}` to its OpenAPI subscribeMsg streams, unless that kind\'s msg_push switch is off (docs/openapi.md).',
    tags: ['devices'],
    params: deviceIdParams,
    body: { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { type: 'string', enum: [...detectionTypes] } }, example: { type: 'PeopleDetection' } },
    response: {
      201: {
        description: 'Detected: the event as pushed, and whether it was (msg_push on, camera activated)',
        type: 'object',
        required: ['eventType', 'time', 'pushed'],
        additionalProperties: false,
        properties: { eventType: { type: 'string', enum: [...detectionTypes] }, time: { type: 'integer', description: 'Camera time, seconds since the epoch (virtual clock)' }, pushed: bool },
      },
      ...errors(400, 404, 409),
    },
  },
  'GET /__sim/health': {
    summary: 'Readiness',
    tags: ['service'],
    response: {
      200: {
        description: 'Every device listens',
        type: 'object',
        required: ['status', 'devices', 'smtp', 'clock'],
        additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['ready'] },
          devices: int,
          smtp: { type: 'object', description: '`{host, port}` of the embedded sink, or `{url}` of the external server' },
          clock: clockShort,
        },
      },
      503: { description: 'Still starting', type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['starting'] } } },
    },
  },
  'GET /__sim/clock': { summary: 'Virtual time', tags: ['clock'], response: { 200: clockReply } },
  'POST /__sim/clock/advance': {
    summary: 'Move the virtual clock forward',
    description: 'Expires codes, tokens, sessions and locks as if the time had passed; timeline entries that fall due fire.',
    tags: ['clock'],
    body: { type: 'object', required: ['ms'], properties: { ms: { type: 'number', minimum: 0, maximum: 315360000000 } }, example: { ms: 301000 } },
    response: { 200: clockReply, ...errors(400) },
  },
  'GET /__sim/mail': {
    summary: 'The embedded mailbox',
    description: 'Newest first. 409 when `--smtp` sends mail to an external server.',
    tags: ['mail'],
    response: { 200: { description: 'The messages', type: 'array', items: mailMessage }, ...errors(409) },
  },
  'DELETE /__sim/mail': { summary: 'Empty the mailbox', tags: ['mail'], response: { 204: { description: 'Emptied (no body)' }, ...errors(409) } },
  'POST /__sim/cloud/app/scan': {
    summary: 'The VIGI app scans a camera\'s QR code',
    description: 'The emulated TP-Link cloud mails the verification code to the reset email inside an `app` QR (the camera had no internet). 424 when `smtp-down` refuses the mail.',
    tags: ['cloud'],
    body: qrBody,
    response: {
      200: { description: 'Mailed', type: 'object', required: ['sent', 'to', 'device_uuid'], additionalProperties: false, properties: { sent: { type: 'boolean', enum: [true] }, to: { type: 'string', description: 'masked' }, device_uuid: str } },
      ...errors(400, 424),
    },
  },
  'POST /__sim/cloud/support/code': {
    summary: 'What TP-Link support reads from a support QR code',
    description: 'The code the device expects from `support_code_check`, while the QR is valid (5 minutes).',
    tags: ['cloud'],
    body: qrBody,
    response: {
      200: { description: 'The code', type: 'object', required: ['code', 'expire_in', 'device_uuid'], additionalProperties: false, properties: { code: { type: 'string', pattern: '^[0-9]{6}$' }, expire_in: int, device_uuid: str } },
      ...errors(400),
    },
  },
  'POST /__sim/openapi/passwords': {
    summary: 'Tell the emulator a plain password for OpenAPI digests',
    description: 'The VIGI OpenAPI digests (camera doAuth, NVR /openapi/token) start from SHA256("admin:realm:password"); the web API carries passwords only in MD5 form. Devices check digests against the plain passwords the emulator knows: the scenario\'s, and those told here. Needed only after a client sets, over the web API, a password the scenario does not name. Kept until the emulator stops; never shown back.',
    tags: ['service'],
    body: { type: 'object', required: ['password'], additionalProperties: false, properties: { password: { type: 'string', minLength: 1, maxLength: 256 } } },
    response: { 204: { description: 'Remembered', type: 'null' }, ...errors(400) },
  },
  'GET /__sim/requests': {
    summary: 'What clients asked the devices\' web API',
    description: 'One entry per answered request, oldest first: device, scheme, whether it came with a session, the body\'s method, module and (for do modules) action, and the error_code it got. Names only: no parameter, envelope, stok or code is kept. The last 10,000 are kept; POST /__sim/reset does not empty it (DELETE does).',
    tags: ['events'],
    querystring: {
      type: 'object',
      properties: {
        device: { type: 'string', description: 'Only this device' },
        module: { type: 'string', description: 'Only this module, e.g. forget_password' },
        action: { type: 'string', description: 'Only this action, e.g. send_verification_code' },
        since: { type: 'integer', description: 'Only entries after this sequence number' },
        limit: { type: 'integer', minimum: 1, maximum: 10000, default: 200, description: 'At most this many, the newest' },
      },
    },
    response: { 200: { description: 'The matching requests', type: 'array', items: deviceRequest }, ...errors(400) },
  },
  'DELETE /__sim/requests': {
    summary: 'Empty the request log',
    tags: ['events'],
    response: { 204: { description: 'Emptied', type: 'null' } },
  },
  'GET /__sim/checkpoints': {
    summary: 'The checkpoints taken',
    tags: ['service'],
    response: { 200: { description: 'Every checkpoint, oldest first', type: 'array', items: checkpointSummary } },
  },
  'POST /__sim/checkpoints': {
    summary: 'Take a named checkpoint of the whole topology',
    description: 'Every device\'s state (flash and RAM), the mailbox and the faults in force, kept in memory under this name (taking one again under a name replaces it; at most 100). Return to it with POST /__sim/checkpoints/{name}/restore.',
    tags: ['service'],
    body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } }, example: { name: 'after-setup' } },
    response: { 201: ok(checkpointSummary, 'Taken'), ...errors(400) },
  },
  'POST /__sim/checkpoints/:name/restore': {
    summary: 'Return to a checkpoint',
    description: 'Devices, mailbox and faults as they were when it was taken; open connections are dropped and NVR channels probed again. The virtual clock is not rewound, the journal and the timeline carry on.',
    tags: ['service'],
    params: checkpointParams,
    response: { 200: ok(checkpointSummary, 'Restored'), ...errors(404) },
  },
  'DELETE /__sim/checkpoints/:name': {
    summary: 'Forget a checkpoint',
    tags: ['service'],
    params: checkpointParams,
    response: { 204: { description: 'Forgotten', type: 'null' }, ...errors(404) },
  },
  'POST /__sim/reset': {
    summary: 'Back to the scenario\'s start',
    description: 'Device states, mailbox emptied, faults cleared, timeline restarted, NVR channels probed again; keys, certificates, journal and virtual clock carry on.',
    tags: ['service'],
    response: { 200: { description: 'Reset', type: 'object', required: ['status', 'devices', 'clock'], additionalProperties: false, properties: { status: { type: 'string', enum: ['reset'] }, devices: int, clock: clockShort } } },
  },
  'GET /__sim/scenario.schema.json': {
    summary: 'The scenario file JSON Schema',
    description: 'The same document as scenarios/scenario.schema.json in the repository.',
    tags: ['service'],
    response: { 200: { description: 'A JSON Schema (draft 2020-12)', type: 'object', additionalProperties: true } },
  },
  'GET /__sim/events': {
    summary: 'The event journal (WebSocket or plain HTTP)',
    description: 'Upgraded to a WebSocket: one JSON journal entry per message, live (`?since` replays what was missed first). A browser, which cannot set headers on a WebSocket, may offer the token as the subprotocols `vigi-sim` and `vigi-sim.bearer.<base64url token>`; the server answers `vigi-sim`. Plain HTTP: the recent entries as an array.',
    tags: ['events'],
    querystring: eventQuery,
    response: { 200: { description: 'Plain HTTP: the matching entries, oldest first', type: 'array', items: journalEntry } },
  },
};

/** The schema of one route, failing loudly (at start) for a route nobody described. */
export function schemaOf(method: string, url: string): FastifySchema {
  const schema = routeSchemas[`${method} ${url}`];
  if (!schema) throw new Error(`control plane route ${method} ${url} has no OpenAPI schema (protocol/control/openapi-schemas.ts)`);
  return schema;
}

export const OPENAPI_PATH = '/__sim/openapi.json';

/**
 * Registers @fastify/swagger (before any route, so that it sees them all), makes the schemas
 * documentation only, and serves the description. Routes without tags (the console's static
 * files) and this route itself are left out of it.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  const { version } = JSON.parse(readFileSync(projectFile('package.json'), 'utf8')) as { version: string };
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'vigi-sim control plane',
        version,
        description: 'See and steer the emulated VIGI world: devices, faults, the virtual clock, the mailbox, the emulated TP-Link cloud and support desk, and the event journal (docs/control-plane.md). Errors are HTTP 4xx `{"error":{"message","code"?,"name"?}}`, never a 5xx. The device web API itself (POST / on each device) is described in docs/protocol.md.',
      },
      servers: [{ url: 'http://127.0.0.1:9090', description: 'the default `--control` address' }],
      tags: [
        { name: 'devices', description: 'Inspect devices; the reset button' },
        { name: 'faults', description: 'Device faults and the global smtp-down' },
        { name: 'clock', description: 'Virtual time' },
        { name: 'mail', description: 'The embedded SMTP mailbox' },
        { name: 'cloud', description: 'The parts TP-Link runs: the VIGI app\'s cloud and the support desk' },
        { name: 'events', description: 'The event journal' },
        { name: 'service', description: 'Health, reset, published schemas' },
      ],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'Only when the control plane has a token (`--token` or `VIGI_SIM_TOKEN`; required off loopback). For the `/__sim/events` WebSocket a browser may instead offer the subprotocols `vigi-sim` and `vigi-sim.bearer.<token in base64url>`.',
          },
        },
      },
      security: [{ bearer: [] }],
    },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());
}
