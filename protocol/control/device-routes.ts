import type { FastifyInstance } from 'fastify';
import { isRefusal } from '../../devices/kernel/vendor-errors.js';
import { explainFault } from '../../devices/faults/fault-registry.js';
import { isFaultType } from '../../devices/faults/fault-spec.js';
import { detectionTypes, isDetectionType } from '../../devices/camera/camera-detection.js';
import type { Device } from '../../devices/fleet.js';
import { sendError, type ControlDeps } from './control-deps.js';
import { summarise } from './device-summary.js';
import { schemaOf } from './openapi-schemas.js';

/**
 * `/__sim/devices` and `/__sim/faults`: list and inspect devices, apply and clear faults (per
 * device and global), the reset button, and what a camera detects. Faults go through the one FaultController.
 */
export function deviceRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const find = (id: string) => deps.fleet.byId(id);
  const summary = (device: Device) => summarise(device, deps.devicePorts(), deps.faults.registry, deps.lanOf(device.state.identity.ip));
  const row = (id: string) => summary(find(id)!);

  app.get('/__sim/devices', { schema: schemaOf('GET', '/__sim/devices') }, async () => deps.fleet.list().map(summary));

  app.get<{ Params: { id: string } }>('/__sim/devices/:id', { schema: schemaOf('GET', '/__sim/devices/:id') }, async (request, reply) =>
    find(request.params.id) ? row(request.params.id) : sendError(reply, 404, `No device "${request.params.id}".`));

  app.post<{ Params: { id: string }; Body: unknown }>('/__sim/devices/:id/faults', { schema: schemaOf('POST', '/__sim/devices/:id/faults') }, async (request, reply) => {
    if (!find(request.params.id)) return sendError(reply, 404, `No device "${request.params.id}".`);
    const spec = deps.faults.validate(request.body, request.params.id);
    if (isRefusal(spec)) return sendError(reply, 400, spec.message, spec);
    const applied = await deps.faults.apply(spec, 'control plane');
    if (isRefusal(applied)) return sendError(reply, 409, applied.message, applied);
    return reply.code(201).send(row(request.params.id));
  });

  app.delete<{ Params: { id: string } }>('/__sim/devices/:id/faults', { schema: schemaOf('DELETE', '/__sim/devices/:id/faults') }, async (request, reply) => {
    if (!find(request.params.id)) return sendError(reply, 404, `No device "${request.params.id}".`);
    await deps.faults.clear(undefined, request.params.id, 'control plane');
    return row(request.params.id);
  });

  app.delete<{ Params: { id: string; type: string } }>('/__sim/devices/:id/faults/:type', { schema: schemaOf('DELETE', '/__sim/devices/:id/faults/:type') }, async (request, reply) => {
    const { id, type } = request.params;
    if (!find(id)) return sendError(reply, 404, `No device "${id}".`);
    if (!isFaultType(type) || type === 'smtp-down') return sendError(reply, 400, `Unknown device fault "${type}"; device faults are power-off, offline, no-internet, latency, mdns-silent.`);
    await deps.faults.clear(type, id, 'control plane');
    return row(id);
  });

  app.get('/__sim/faults', { schema: schemaOf('GET', '/__sim/faults') }, async () => deps.faults.registry.all().map((fault) => ({ ...fault.spec, source: fault.source, hits: fault.hits, explain: explainFault(fault) })));

  app.post<{ Body: unknown }>('/__sim/faults', { schema: schemaOf('POST', '/__sim/faults') }, async (request, reply) => {
    const spec = deps.faults.validate(request.body, undefined);
    if (isRefusal(spec)) return sendError(reply, 400, spec.message, spec);
    const applied = await deps.faults.apply(spec, 'control plane');
    if (isRefusal(applied)) return sendError(reply, 409, applied.message, applied);
    return reply.code(201).send({ ...spec, explain: explainFault(applied) });
  });

  app.delete<{ Params: { type: string } }>('/__sim/faults/:type', { schema: schemaOf('DELETE', '/__sim/faults/:type') }, async (request, reply) => {
    const { type } = request.params;
    if (type !== 'smtp-down') return sendError(reply, 400, `Unknown global fault "${type}"; the global fault is smtp-down.`);
    const cleared = await deps.faults.clear(type, undefined, 'control plane');
    return { cleared: cleared.length };
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/__sim/devices/:id/detections', { schema: schemaOf('POST', '/__sim/devices/:id/detections') }, async (request, reply) => {
    const device = find(request.params.id);
    if (!device) return sendError(reply, 404, `No device "${request.params.id}".`);
    const type = (request.body as { type?: unknown } | null)?.type;
    if (!isDetectionType(type)) return sendError(reply, 400, `Send {"type": <kind>}; the kinds are ${detectionTypes.join(', ')}.`);
    if (device.kind !== 'camera') return sendError(reply, 409, `${device.id} is an NVR: only cameras detect.`);
    const outcome = await device.dispatch({ type: 'detect', eventType: type });
    if (isRefusal(outcome)) return sendError(reply, 409, `${device.id} cannot detect: ${outcome.message}`, outcome);
    return reply.code(201).send(outcome);
  });

  app.post<{ Params: { id: string } }>('/__sim/devices/:id/factory-reset', { schema: schemaOf('POST', '/__sim/devices/:id/factory-reset') }, async (request, reply) => {
    const device = find(request.params.id);
    if (!device) return sendError(reply, 404, `No device "${request.params.id}".`);
    const outcome = await device.control({ type: 'factory-reset' });
    if (isRefusal(outcome)) return sendError(reply, 409, `${device.id} cannot be reset: ${outcome.message}`, outcome);
    deps.onDeviceChanged?.(device);
    return row(device.id);
  });
}
