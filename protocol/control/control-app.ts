import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import { timingSafeEqual } from 'node:crypto';
import { sendError, type ControlDeps } from './control-deps.js';
import { deviceRoutes } from './device-routes.js';
import { serviceRoutes } from './service-routes.js';
import { checkpointRoutes } from './checkpoint-routes.js';
import { requestLogRoutes } from './request-log-routes.js';
import { eventStreamRoutes } from './event-stream-routes.js';
import { registerOpenApi } from './openapi-schemas.js';
import { consoleRoutes, eventSocketAuthorization, isConsoleRequest } from './console-routes.js';

/**
 * The control plane (`/__sim/...`, contract §6): what tests, the CLI and the console use to
 * see and steer the emulated world. With a token configured, every call needs
 * `Authorization: Bearer <token>`.
 */
function tokenMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

const CLIENT_ERRORS: Record<string, { status: number; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'The request headers (or URL) are larger than the 16 KiB the control plane reads.' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time.' },
};

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, message: 'The request could not be read as HTTP.' };
  const body = JSON.stringify({ error: { message } });
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
  socket.destroy();
}

export async function buildControlApp(deps: ControlDeps, logger?: FastifyBaseLogger): Promise<FastifyInstance> {
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    bodyLimit: 1024 * 1024,
    // A URL the router cannot read (bad %-escape: 400) or a path parameter past its limit (414)
    // never reaches a route: answer it in the control plane's own error shape all the same.
    frameworkErrors: (error, _request, reply) => {
      void sendError(reply, (error as { statusCode?: number }).statusCode ?? 400, `The request URL could not be read: ${error.message}`);
    },
    // What Node's HTTP parser refuses before fastify sees a request (headers past 16 KiB, a
    // request line it cannot read) gets the same error shape, then the connection closes.
    clientErrorHandler: answerClientError,
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // After the websocket plugin: its onRequest hook marks upgrades, so that a refused upgrade's
  // socket is destroyed (registered before it, every refused WebSocket leaked a socket and
  // held app.close() open).
  if (deps.token) {
    const token = deps.token;
    app.addHook('onRequest', async (request, reply) => {
      // The console's static files load without it (the page then asks); a browser's event socket offers it as a subprotocol.
      if (isConsoleRequest(request)) return undefined;
      if (!tokenMatches(request.headers.authorization ?? eventSocketAuthorization(request), token)) return sendError(reply, 401, 'This control plane needs "Authorization: Bearer <token>".');
      return undefined;
    });
  }
  // Before the routes: swagger collects them as they are added (schemas document, never validate).
  await registerOpenApi(app);
  deviceRoutes(app, deps);
  serviceRoutes(app, deps);
  checkpointRoutes(app, deps);
  requestLogRoutes(app, deps);
  eventStreamRoutes(app, deps.journal);
  consoleRoutes(app);
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `No such control-plane route: ${request.method} ${request.url}.`));
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(reply, status, error.message);
    request.log.error({ err: error }, 'control plane handler failed');
    return sendError(reply, 400, `The request could not be handled: ${error.message}`);
  });
  return app;
}
