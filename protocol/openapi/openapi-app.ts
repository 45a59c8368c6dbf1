import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { Device, Fleet } from '../../devices/fleet.js';
import type { Nvr } from '../../devices/nvr/nvr.js';
import type { Camera } from '../../devices/camera/camera.js';
import { isRefusal, refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';
import type { OpenApiService } from '../../devices/openapi/openapi-service.js';
import { parseDigestAuthorization } from './digest-header.js';
import { readEveryBodyAsText, requestDevice } from '../net/request-device.js';
import { answerCameraCall } from './camera-openapi-calls.js';
import type { CameraEventStreams } from './camera-event-streams.js';

/**
 * VIGI OpenAPI (port 20443, research/vigi-wire-facts.md §1.4) of every device, in one fastify
 * app that never listens: DeviceListeners hand it TLS sockets and the device is the one whose
 * IP the connection arrived on. Cameras: `POST /` doAuth and `POST /stok=<stok>` calls, the
 * connection closed after each reply. NVRs: `GET /openapi/token` (HTTP Digest SHA-256, Bearer
 * tokens) and `GET /openapi/added_devices`. The camera's methods: camera-openapi-calls.ts. Bad input gets a vendor-style code, never a 5xx.
 * Wire shapes: docs/openapi.md.
 */
export interface OpenApiAppDeps {
  readonly fleet: Fleet;
  readonly service: OpenApiService;
  /** Which device a socket belongs to (set by the listeners); the Host header otherwise (inject tests). */
  readonly deviceIdOf?: (socket: Socket) => string | undefined;
  /** Whether the device answers on this port right now (OpenAPI on, powered, reachable). */
  readonly isServed?: (device: Device) => boolean;
  readonly logger?: FastifyBaseLogger;
  readonly bodyLimit?: number;
  /** Runs before each request reaches the device: where injected latency waits, as on the web ports. */
  readonly beforeRequest?: (device: Device) => Promise<void>;
  /** Where `subscribeMsg` streams are held; without it the method is -10030. */
  readonly eventStreams?: CameraEventStreams;
}

const JSON_TYPE = 'application/json; charset=UTF-8';

function json(reply: FastifyReply, body: unknown, status = 200): FastifyReply {
  return reply.code(status).type(JSON_TYPE).send(JSON.stringify(body));
}

/** The camera's reply to a refusal: `errCode` (public) and `msg` (ours). */
function cameraError(refusal: Refusal, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...extra, errCode: refusal.code, msg: refusal.message };
}

/** The NVR's reply to a refusal: `error_code` (public) and `msg` (ours). */
function nvrError(refusal: Refusal): Record<string, unknown> {
  return { error_code: refusal.code, msg: refusal.message };
}

/** A refusal in the shape of the device asked (the camera's when none is known). */
function errorFor(device: Device | undefined, refusal: Refusal): Record<string, unknown> {
  return device?.kind === 'nvr' ? nvrError(refusal) : cameraError(refusal);
}

export function buildOpenApiApp(deps: OpenApiAppDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: deps.bodyLimit ?? 64 * 1024,
    return503OnClosing: false,
    connectionTimeout: 60_000,
    // Before routing (a bad %-escape in the path): answered in the shape of the device asked.
    frameworkErrors: (error, request, reply) => {
      const refusal = refuse('OPENAPI_BAD_REQUEST', `The request could not be read: ${error.message}`);
      void (reply as FastifyReply).code(400).header('connection', 'close').type(JSON_TYPE)
        .send(JSON.stringify(errorFor(deviceOf(request as FastifyRequest), refusal)));
    },
  });
  const deviceOf = requestDevice(deps.fleet, deps.deviceIdOf);

  // HTTP methods the catch-all route does not list (TRACE, PROPFIND, M-SEARCH...): a vendor-style 404 too.
  app.setNotFoundHandler((request, reply) => {
    const device = deviceOf(request);
    const refusal = refuse('OPENAPI_UNSUPPORTED', `No such call: ${request.method.slice(0, 20)} ${request.url.split('?', 1)[0]?.slice(0, 80)}.`);
    return json(reply, errorFor(device, refusal), 404);
  });

  readEveryBodyAsText(app);

  app.addHook('onRequest', (request, reply, done) => {
    const device = deviceOf(request);
    if (!device || (deps.isServed && !deps.isServed(device))) {
      // Nobody (or nobody with OpenAPI on) at this address: drop the connection, as a closed port would.
      request.raw.socket.destroy();
      done();
      return;
    }
    // Public (research §1.4, §4.3): the camera closes the TCP connection after every response.
    if (device.kind === 'camera') void reply.header('connection', 'close');
    if (!deps.beforeRequest) return done();
    deps.beforeRequest(device).then(() => done(), done);
  });

  app.route({
    method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '*',
    handler: async (request, reply) => {
      const device = deviceOf(request);
      if (!device || request.raw.socket.destroyed) return reply.hijack(); // dropped in onRequest
      const [path = '/', query = ''] = request.url.split('?', 2);
      return device.kind === 'camera'
        ? camera(device, request, reply, path)
        : nvr(device, request, reply, path, new URLSearchParams(query));
    },
  });

  const camera = async (device: Camera, request: FastifyRequest, reply: FastifyReply, path: string) => {
    const stokMatch = /^\/stok=([^/]*)\/?$/.exec(path);
    if (request.method !== 'POST' || (path !== '/' && !stokMatch)) {
      return json(reply, cameraError(refuse('OPENAPI_UNSUPPORTED', `No such path: ${request.method} ${path}. OpenAPI is POST / (doAuth) and POST /stok=<stok>.`)), 404);
    }
    const call = parseCall(request.body);
    if (isRefusal(call)) return json(reply, cameraError(call));
    const method = { method: call.method };
    if (!stokMatch) {
      if (call.method !== 'doAuth') return json(reply, cameraError(refuse('OPENAPI_UNAUTHORIZED', 'Log in first: doAuth, then call POST /stok=<stok>.'), method));
      if (call.params === null || call.params === undefined) {
        const challenge = deps.service.cameraChallenge(device);
        return json(reply, { errCode: refuse('OPENAPI_AUTH_REQUIRED').code, authenticate: challenge });
      }
      const params = call.params as { nonce?: unknown; response?: unknown };
      if (typeof params !== 'object' || typeof params.nonce !== 'string' || typeof params.response !== 'string') {
        return json(reply, cameraError(refuse('OPENAPI_BAD_REQUEST', 'doAuth params are null (challenge) or {"nonce": <string>, "response": <string>}.'), method));
      }
      const outcome = deps.service.doAuth(device, { nonce: params.nonce, response: params.response });
      if (!isRefusal(outcome)) return json(reply, { errCode: 0, stok: outcome.stok });
      if (outcome.code === refuse('OPENAPI_AUTH_REQUIRED').code) {
        return json(reply, { ...cameraError(outcome), authenticate: deps.service.cameraChallenge(device) });
      }
      return json(reply, cameraError(outcome));
    }
    const session = deps.service.checkStok(device, decodeURIComponentSafe(stokMatch[1] ?? ''));
    if (isRefusal(session)) return json(reply, cameraError(session, method));
    const answer = await answerCameraCall(device, call.method, call.params);
    if (answer.kind === 'reply') return json(reply, answer.body);
    if (!deps.eventStreams) return json(reply, cameraError(refuse('OPENAPI_UNSUPPORTED', 'This emulator was started without OpenAPI event streams.'), method));
    reply.hijack(); // held open: parts are written as the camera detects things
    deps.eventStreams.open(device.id, reply.raw, answer.options);
    return reply;
  };

  const challengeHeader = (device: Nvr, stale: boolean): string => {
    const { realm, nonce } = deps.service.nvrChallenge(device);
    return `Digest realm="${realm}", nonce="${nonce}", algorithm=SHA-256, qop="auth"${stale ? ', stale=true' : ''}`;
  };

  const nvr = async (device: Nvr, request: FastifyRequest, reply: FastifyReply, path: string, query: URLSearchParams) => {
    if (request.method !== 'GET') {
      return json(reply, nvrError(refuse('OPENAPI_UNSUPPORTED', `No such call: ${request.method} ${path}.`)), 404);
    }
    if (path === '/openapi/token') {
      if (query.get('grant_type') === 'refresh_token') {
        const outcome = deps.service.refreshTokens(device, query.get('refresh_token') ?? '');
        return isRefusal(outcome) ? json(reply, nvrError(outcome), 401) : json(reply, outcome);
      }
      const credentials = parseDigestAuthorization(request.headers.authorization);
      if (!credentials) {
        void reply.header('www-authenticate', challengeHeader(device, false));
        return json(reply, nvrError(refuse('OPENAPI_AUTH_REQUIRED', 'Authenticate with HTTP Digest (SHA-256) to get a token.')), 401);
      }
      const outcome = deps.service.issueTokens(device, credentials, request.method);
      if (!isRefusal(outcome)) return json(reply, outcome);
      void reply.header('www-authenticate', challengeHeader(device, outcome.code === refuse('OPENAPI_AUTH_REQUIRED').code));
      return json(reply, nvrError(outcome), 401);
    }
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (path !== '/openapi/added_devices') {
      return json(reply, nvrError(refuse('OPENAPI_UNSUPPORTED', `The emulated NVR has no OpenAPI call ${path.slice(0, 80)}; it has /openapi/token and /openapi/added_devices.`)), 404);
    }
    if (!bearer) return json(reply, nvrError(refuse('OPENAPI_UNAUTHORIZED', 'Send Authorization: Bearer <access_token> (GET /openapi/token).')), 401);
    const access = decodeURIComponentSafe(bearer[1] ?? '');
    const valid = deps.service.checkBearer(device, access);
    if (isRefusal(valid)) return json(reply, nvrError(valid), 401);
    await device.probe.all(); // the NVR notices a change on the call, as well as by polling
    const devices = device.rows().map((row) => ({
      id: Number(row.id), name: row.name, alias: row.name, online: row.online, ip: row.ip, mac: row.mac,
      port: row.port, model: row.model, uuid: row.uuid,
    }));
    return json(reply, { error_code: 0, devices });
  };

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The body is too large.' : status < 500 ? error.message : 'The request could not be handled.';
    if (status >= 500) deps.logger?.error({ err: error }, 'OpenAPI handler failed');
    const device = deviceOf(request);
    const refusal = refuse('OPENAPI_BAD_REQUEST', message);
    return json(reply, errorFor(device, refusal), status >= 400 && status < 500 ? status : 400);
  });
  return app;
}

/** `{"method": <string>, "params": ...}` from a body read as text. */
function parseCall(body: unknown): { method: string; params: unknown } | Refusal {
  const text = typeof body === 'string' ? body : '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return refuse('OPENAPI_BAD_REQUEST', text.trim() === '' ? 'The body is empty: send {"method": ..., "params": ...}.' : 'The body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse('OPENAPI_BAD_REQUEST', 'The body is not a JSON object.');
  const { method, params } = parsed as { method?: unknown; params?: unknown };
  if (typeof method !== 'string' || method === '') return refuse('OPENAPI_BAD_REQUEST', '"method" is missing or not a string.');
  return { method, params };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
