import type { FastifyInstance } from 'fastify';
import { sendError, type ControlDeps } from './control-deps.js';
import { schemaOf } from './openapi-schemas.js';

const MAX_LIMIT = 10_000;

/** The last value of a query parameter given once or repeated. */
function last(value: unknown): string | undefined {
  const one = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof one === 'string' ? one : undefined;
}

/**
 * `GET /__sim/requests`: what clients asked the devices' web API (protocol/events/request-log.ts),
 * filtered by `device`, `module`, `action`, `since`, `limit`; `DELETE` empties it.
 */
export function requestLogRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { requests } = deps;
  if (!requests) return;
  app.get('/__sim/requests', { schema: schemaOf('GET', '/__sim/requests') }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const number = (name: string): number | undefined | null => {
      const text = last(query[name]);
      if (text === undefined) return undefined;
      return /^\d{1,15}$/.test(text) ? Number(text) : null;
    };
    const since = number('since');
    const limit = number('limit');
    if (since === null || limit === null || (limit !== undefined && (limit < 1 || limit > MAX_LIMIT))) {
      return sendError(reply, 400, `"since" is a sequence number and "limit" a count from 1 to ${MAX_LIMIT}.`);
    }
    const device = last(query.device);
    const module = last(query.module);
    const action = last(query.action);
    return requests.list({
      ...(device !== undefined ? { deviceId: device } : {}), ...(module !== undefined ? { module } : {}), ...(action !== undefined ? { action } : {}),
      ...(since !== undefined ? { since } : {}), limit: limit ?? 200,
    });
  });
  app.delete('/__sim/requests', { schema: schemaOf('DELETE', '/__sim/requests') }, async (_request, reply) => {
    requests.clear();
    return reply.code(204).send();
  });
}
