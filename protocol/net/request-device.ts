import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { Device, Fleet } from '../../devices/fleet.js';

/**
 * Which emulated device a request is for, in the apps the device listeners feed (web API,
 * OpenAPI): the device that owns the connection's local address, as the listener recorded it,
 * or, for a request injected without a socket of ours (tests), the IP in its Host header.
 */
export function requestDevice(fleet: Fleet, deviceIdOf?: (socket: Socket) => string | undefined): (request: FastifyRequest) => Device | undefined {
  return (request) => {
    const id = deviceIdOf?.(request.raw.socket);
    return id !== undefined ? fleet.byId(id) : fleet.byIp(hostIp(request));
  };
}

function hostIp(request: FastifyRequest): string {
  const host = request.headers.host ?? '';
  return host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0] ?? '';
}

/** Clients send JSON under several content types (or none): every body is read as text and parsed by the handler. */
export function readEveryBodyAsText(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
}
