import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { Fleet, Device } from '../../devices/fleet.js';
import type { AccountDevice } from '../../devices/account/account-device.js';
import { isRefusal, refuse } from '../../devices/kernel/vendor-errors.js';
import type { DeviceRsaKey, RsaKeyPool } from '../crypto/rsa-key-pool.js';
import { decodeWireStrings, encodeWireStrings, MAX_WIRE_DEPTH, stringifyWire } from './url-coding.js';
import { handleCameraRequest } from './camera-web-api.js';
import { nvrWebApi } from './nvr-web-api.js';
import { HttpCameraLink } from '../nvr/http-camera-link.js';
import { refusalReply, type WebReply } from './web-reply.js';
import { readEveryBodyAsText, requestDevice } from '../net/request-device.js';
import type { RequestLog } from '../events/request-log.js';

/**
 * The VIGI web JSON API of every emulated device, in one fastify instance (no server per
 * device): a request belongs to the device whose IP it arrived on. The app never listens;
 * DeviceListeners hand it sockets. Bad input gets a vendor error code, never a 5xx.
 */
export interface DeviceWebAppDeps {
  readonly fleet: Fleet;
  readonly keys: RsaKeyPool;
  /** Which device a socket belongs to (set by the listeners); Host header otherwise (inject tests). */
  readonly deviceIdOf?: (socket: Socket) => string | undefined;
  /** Whether the device answers at all right now (power-off, offline fault). */
  readonly isReachable?: (device: Device) => boolean;
  readonly renderQrPng: (payload: string) => Promise<string>;
  readonly logger?: FastifyBaseLogger;
  readonly bodyLimit?: number;
  /** Runs before each request reaches the device: where injected latency waits. */
  readonly beforeRequest?: (device: Device) => Promise<void>;
  /** How NVRs relay to cameras (forgotten-password flows for found cameras). */
  readonly cameraLink?: HttpCameraLink;
  /** The VIGI OpenAPI service, for the web API's OpenAPI switch. */
  readonly openapi?: { listening(): Promise<number> };
  /** Where each answered request is noted (names and error_code only): the request log. */
  readonly requests?: RequestLog;
  /** Virtual time for the request log. */
  readonly now?: () => number;
}

const JSON_TYPE = 'application/json; charset=UTF-8';
const VERBOSE_LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info']);

function send(reply: FastifyReply, body: WebReply, status = 200): FastifyReply {
  return reply.code(status).type(JSON_TYPE).send(stringifyWire(body));
}

export function buildDeviceWebApp(deps: DeviceWebAppDeps): FastifyInstance {
  // Fastify logs each request (a child logger, two response listeners, two calls) only to say
  // so at info level or below: at a quieter level it gets no logger, and the one line this app
  // logs at error level goes to deps.logger directly. (The level is read once, here.)
  const requestLogger = deps.logger && VERBOSE_LEVELS.has(deps.logger.level) ? deps.logger : undefined;
  const app = Fastify({
    ...(requestLogger ? { loggerInstance: requestLogger } : { logger: false }),
    bodyLimit: deps.bodyLimit ?? 64 * 1024,
    return503OnClosing: false,
    // The listeners hand this server its sockets, so it never listen()s and Node's request
    // timeouts never start: an idle or half-sent connection is cut by inactivity instead.
    connectionTimeout: 60_000,
    // A request line fastify cannot even route (bad %-escape in the path) still gets a vendor code.
    frameworkErrors: (error, _request, reply) => {
      void (reply as FastifyReply).code(400).type(JSON_TYPE).send(JSON.stringify(encodeWireStrings(refusalReply(refuse("INVALID_FORMAT", `The request could not be read: ${error.message}`)))));
    },
  });
  const handleNvrRequest = nvrWebApi(deps.cameraLink ?? new HttpCameraLink());
  // One lazy key getter per device, not a closure per request (the key itself is made on first use).
  const keyGetters = new WeakMap<Device, () => DeviceRsaKey>();
  const keyGetter = (device: Device): (() => DeviceRsaKey) => {
    let getter = keyGetters.get(device);
    if (!getter) {
      const id = device.id;
      getter = () => deps.keys.keyFor(id);
      keyGetters.set(device, getter);
    }
    return getter;
  };
  const deviceOf = requestDevice(deps.fleet, deps.deviceIdOf);

  readEveryBodyAsText(app);

  // A callback hook, not an async one: fastify then has no promise of ours to wait on, only the
  // one beforeRequest returns (every request pays for a hook; few wait for anything).
  app.addHook('onRequest', (request, reply, done) => {
    const device = deviceOf(request);
    if (!device) {
      send(reply, refusalReply(refuse('DEVICE_UNKNOWN', 'No emulated device has this address.')), 404);
      return; // answered: the request goes no further
    }
    // A device that went down while a keep-alive connection was open: drop it, as a dead device would.
    if (deps.isReachable && !deps.isReachable(device)) {
      request.raw.socket.destroy();
      done();
      return;
    }
    const waiting = deps.beforeRequest?.(device);
    if (waiting) waiting.then(() => done(), done);
    else done();
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply, stok: string | undefined) => {
    const device = deviceOf(request)!;
    // What the request log may name: the body once it decoded (never its values).
    const read: { body?: unknown } = {};
    const answer = (webReply: WebReply): FastifyReply => {
      deps.requests?.record(device.id, 'encrypted' in request.raw.socket ? 'https' : 'http', stok !== undefined, read.body, webReply.error_code, deps.now?.() ?? Date.now());
      return send(reply, webReply);
    };
    const text = typeof request.body === 'string' ? request.body : '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return answer(refusalReply(refuse('INVALID_FORMAT', text.trim() === '' ? 'The body is empty: send a JSON object.' : 'The body is not valid JSON.')));
    }
    const decoded = decodeWireStrings(parsed);
    if (!decoded.ok) {
      const why = decoded.tooDeep ? `nests deeper than ${MAX_WIRE_DEPTH} levels` : "is not valid URL-encoding (every string value is encodeURIComponent'd)";
      return answer(refusalReply(refuse('INVALID_FORMAT', `"${decoded.path.slice(0, 80)}" ${why}.`)));
    }
    read.body = decoded.value;
    const common = { key: keyGetter(device), renderQrPng: deps.renderQrPng, ...(deps.openapi ? { openapi: deps.openapi } : {}), ...(stok !== undefined ? { stok } : {}) };
    if (stok !== undefined) {
      const account: AccountDevice = device;
      const session = await account.dispatch({ type: 'check-session', stok });
      if (isRefusal(session)) return answer(refusalReply(session));
    }
    return answer(device.kind === 'nvr'
      ? await handleNvrRequest(decoded.value, { ...common, device })
      : await handleCameraRequest(decoded.value, { ...common, device }));
  };

  app.post('/', (request, reply) => handle(request, reply, undefined));
  app.post<{ Params: { stok: string } }>('/stok=:stok/ds', (request, reply) => handle(request, reply, request.params.stok));
  app.get('/', async (request, reply) => {
    const device = deviceOf(request)!;
    const { model, name } = device.state.identity;
    return reply.type('text/html; charset=UTF-8').send(`<!doctype html><title>${model}</title><p>VIGI ${model} "${name}" (emulated by vigi-sim). The web API answers POST / with JSON.</p>`);
  });

  app.setNotFoundHandler((request, reply) => send(reply, refusalReply(refuse('UNKNOWN_MODULE', `No such path: ${request.method} ${request.url}. The web API is POST / and POST /stok=<stok>/ds.`)), 404));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'The body is too large.' : error.message;
      return send(reply, refusalReply(refuse('INVALID_FORMAT', message)), status);
    }
    // An emulator bug must not look like a device crash: log it, answer the generic device error.
    (requestLogger ? request.log : deps.logger)?.error({ err: error }, 'device web API handler failed');
    return send(reply, refusalReply(refuse('SYSTEM')));
  });
  return app;
}
