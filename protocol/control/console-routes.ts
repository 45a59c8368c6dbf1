import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { projectFile } from '../project-files.js';
import { sendError } from './control-deps.js';

/**
 * The web console (`/console/`): static files from the project's `console/` folder (plain
 * HTML, CSS and ES modules, no build step), served by the control plane. The page itself uses
 * only the public control plane and the event stream, like any other client.
 *
 * Files load without a token, so that the page can ask for one; they hold no state and no
 * secret. Every `/__sim/...` call still needs the token. Browsers cannot set headers on a
 * WebSocket, so the event stream also accepts the token as a WebSocket subprotocol
 * (`vigi-sim.bearer.<base64url token>`, as Kubernetes does), never in the URL, which would
 * land in logs and histories.
 */
const CONSOLE_DIR = projectFile('console/');
const require = createRequire(import.meta.url);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** No inline script or style anywhere; mail HTML is shown only in a sandboxed frame. */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "script-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A file name directly in console/: no folder, no leading dot, a type we serve. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** Vendored files, resolved from node_modules at request time (never copied into the repo). */
const VENDOR: Readonly<Record<string, string>> = {
  'vendor/jsQR.js': 'jsqr/dist/jsQR.js',
};

/** True for the console's own static files, which load without the control plane's token. */
export function isConsoleRequest(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = request.url.split('?')[0] ?? '';
  return path === '/console' || path.startsWith('/console/');
}

const PROTOCOL_PREFIX = 'vigi-sim.bearer.';

/**
 * For a WebSocket upgrade of `/__sim/events` only: the token a browser offered as a
 * subprotocol, as an Authorization header value; undefined for any other request.
 */
export function eventSocketAuthorization(request: FastifyRequest): string | undefined {
  if (request.method !== 'GET' || (request.url.split('?')[0] ?? '') !== '/__sim/events') return undefined;
  if (String(request.headers.upgrade ?? '').toLowerCase() !== 'websocket') return undefined;
  const offered = String(request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carrier = offered.find((p) => p.startsWith(PROTOCOL_PREFIX));
  if (!carrier) return undefined;
  const encoded = carrier.slice(PROTOCOL_PREFIX.length);
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(encoded)) return undefined;
  return `Bearer ${Buffer.from(encoded, 'base64url').toString('utf8')}`;
}

function headersFor(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .header('content-type', type)
    .header('cache-control', 'no-cache')
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin');
}

async function sendFile(request: FastifyRequest, reply: FastifyReply, name: string, path: string): Promise<FastifyReply> {
  const info = await stat(path).catch(() => undefined);
  const type = CONTENT_TYPES[extname(path)];
  if (!info?.isFile() || !type) return sendError(reply, 404, `No console file "${name}".`);
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  headersFor(reply, type).header('etag', etag);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.send(await readFile(path));
}

export function consoleRoutes(app: FastifyInstance): void {
  app.get('/console', async (_request, reply) => reply.redirect('/console/', 302));

  app.get<{ Params: { '*': string } }>('/console/*', async (request, reply) => {
    const name = request.params['*'] || 'index.html';
    const vendored = VENDOR[name];
    if (vendored !== undefined) {
      let path: string;
      try {
        path = require.resolve(vendored);
      } catch {
        return sendError(reply, 404, `${name} is not installed (npm package ${vendored.split('/')[0]}); the console works without it, but cannot read QR images.`);
      }
      return sendFile(request, reply, name, path);
    }
    if (!FILE_NAME.test(name)) return sendError(reply, 404, `No console file "${name}".`);
    return sendFile(request, reply, name, join(CONSOLE_DIR, name));
  });
}
