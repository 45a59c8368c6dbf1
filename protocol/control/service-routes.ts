import type { FastifyInstance } from 'fastify';
import { isRefusal } from '../../devices/kernel/vendor-errors.js';
import { sendError, type ControlDeps } from './control-deps.js';
import { schemaOf } from './openapi-schemas.js';
import { scenarioSchema } from '../../scenarios/scenario-schema.js';

/** Longer than any device accepts: the book only needs to hold what a device could have. */
const MAX_PASSWORD_LENGTH = 256;

/**
 * Health, clock, mailbox, the emulated TP-Link cloud and support desk, the OpenAPI password
 * book, and recent events.
 */
export function serviceRoutes(app: FastifyInstance, deps: ControlDeps): void {
  app.get('/__sim/health', { schema: schemaOf('GET', '/__sim/health') }, async (_request, reply) => {
    const ready = deps.isReady();
    const body = { status: ready ? 'ready' : 'starting', devices: deps.fleet.size, smtp: deps.smtp, clock: { now: new Date(deps.clock.now()).toISOString(), offsetMs: deps.clock.offsetMs } };
    return reply.code(ready ? 200 : 503).send(body);
  });

  app.get('/__sim/clock', { schema: schemaOf('GET', '/__sim/clock') }, async () => ({ now: new Date(deps.clock.now()).toISOString(), nowMs: deps.clock.now(), offsetMs: deps.clock.offsetMs }));
  app.post('/__sim/clock/advance', { schema: schemaOf('POST', '/__sim/clock/advance') }, async (request, reply) => {
    const ms = (request.body as { ms?: unknown } | undefined)?.ms;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 10 * 365 * 86_400_000) {
      return sendError(reply, 400, `Body must be {"ms": a non-negative number of milliseconds}; got ${JSON.stringify(ms ?? null)}.`);
    }
    deps.clock.advance(ms);
    await deps.onClockAdvanced?.();
    deps.events.emit({ type: 'clock-advanced', deviceId: 'clock', at: deps.clock.now(), ms });
    return { now: new Date(deps.clock.now()).toISOString(), nowMs: deps.clock.now(), offsetMs: deps.clock.offsetMs };
  });

  app.get('/__sim/mail', { schema: schemaOf('GET', '/__sim/mail') }, async (_request, reply) =>
    deps.mailbox ? deps.mailbox.list() : sendError(reply, 409, `Mail goes to an external server (${'url' in deps.smtp ? deps.smtp.url : ''}); read it there.`));
  app.delete('/__sim/mail', { schema: schemaOf('DELETE', '/__sim/mail') }, async (_request, reply) => {
    if (!deps.mailbox) return sendError(reply, 409, 'Mail goes to an external server; there is no embedded mailbox to clear.');
    deps.mailbox.clear();
    return reply.code(204).send();
  });

  app.post('/__sim/cloud/app/scan', { schema: schemaOf('POST', '/__sim/cloud/app/scan') }, async (request, reply) => {
    const outcome = await deps.cloud.scanAppQr((request.body as { qrcode?: unknown } | undefined)?.qrcode);
    if (isRefusal(outcome)) return sendError(reply, outcome.code === -20609 ? 424 : 400, outcome.message, outcome);
    return { sent: true, to: outcome.maskedTo, device_uuid: outcome.deviceUuid };
  });

  app.post('/__sim/cloud/support/code', { schema: schemaOf('POST', '/__sim/cloud/support/code') }, async (request, reply) => {
    const outcome = deps.cloud.supportCode((request.body as { qrcode?: unknown } | undefined)?.qrcode);
    if (isRefusal(outcome)) return sendError(reply, 400, outcome.message, outcome);
    return { code: outcome.code, expire_in: outcome.expiresIn, device_uuid: outcome.deviceUuid };
  });

  // The web API carries passwords only in MD5 form; an OpenAPI digest needs the plain one (docs/openapi.md).
  app.post('/__sim/openapi/passwords', { schema: schemaOf('POST', '/__sim/openapi/passwords') }, async (request, reply) => {
    const password = (request.body as { password?: unknown } | undefined)?.password;
    if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
      return sendError(reply, 400, `Body must be {"password": the plain password, 1 to ${MAX_PASSWORD_LENGTH} characters}; got ${password === undefined ? 'no password' : typeof password === 'string' ? `${password.length} characters` : typeof password}.`);
    }
    deps.rememberPassword(password);
    deps.events.emit({ type: 'openapi-password-remembered', deviceId: 'emulator', at: deps.clock.now() });
    return reply.code(204).send();
  });

  app.get('/__sim/scenario.schema.json', { schema: schemaOf('GET', '/__sim/scenario.schema.json') }, async () => scenarioSchema);

  app.post('/__sim/reset', { schema: schemaOf('POST', '/__sim/reset') }, async () => {
    await deps.reset();
    return { status: 'reset', devices: deps.fleet.size, clock: { now: new Date(deps.clock.now()).toISOString(), offsetMs: deps.clock.offsetMs } };
  });
}
