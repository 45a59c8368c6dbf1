import type { FastifyInstance } from 'fastify';
import { isRefusal } from '../../devices/kernel/vendor-errors.js';
import { sendError, type ControlDeps } from './control-deps.js';
import { schemaOf } from './openapi-schemas.js';

/**
 * Named checkpoints of the whole topology (protocol/checkpoints.ts): take one after a set-up,
 * return to it before each test. Taking one again under the same name replaces it.
 */
export function checkpointRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const { checkpoints } = deps;
  if (!checkpoints) return;
  app.get('/__sim/checkpoints', { schema: schemaOf('GET', '/__sim/checkpoints') }, async () => checkpoints.list());

  app.post('/__sim/checkpoints', { schema: schemaOf('POST', '/__sim/checkpoints') }, async (request, reply) => {
    const taken = checkpoints.take((request.body as { name?: unknown } | undefined)?.name);
    return isRefusal(taken) ? sendError(reply, 400, taken.message) : reply.code(201).send(taken);
  });

  app.post<{ Params: { name: string } }>('/__sim/checkpoints/:name/restore', { schema: schemaOf('POST', '/__sim/checkpoints/:name/restore') }, async (request, reply) => {
    const restored = await checkpoints.restore(request.params.name);
    return isRefusal(restored) ? sendError(reply, 404, restored.message) : restored;
  });

  app.delete<{ Params: { name: string } }>('/__sim/checkpoints/:name', { schema: schemaOf('DELETE', '/__sim/checkpoints/:name') }, async (request, reply) => {
    const deleted = checkpoints.delete(request.params.name);
    return isRefusal(deleted) ? sendError(reply, 404, deleted.message) : reply.code(204).send();
  });
}
