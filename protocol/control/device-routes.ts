import type { FastifyInstance } from 'fastify';
import { isRefusal } from '../../devices/kernel/vendor-errors.js';
import { networkFaultTypes, type NetworkFaultType } from '../net/network-faults.js';
import { sendError, type ControlDeps } from './control-deps.js';
import { summarise } from './device-summary.js';
import type { Device } from '../../devices/fleet.js';

/**
 * `/__sim/devices`: list, inspect, faults (apply and clear), and the reset button. Device-level
 * faults go to the device as ordinary inputs (`power-off`, `set-internet`); `offline` is kept
 * next to the socket.
 */
export const faultTypes = ['power-off', 'no-internet', ...networkFaultTypes] as const;

export function deviceRoutes(app: FastifyInstance, deps: ControlDeps): void {
  const find = (id: string) => deps.fleet.byId(id);
  const summary = (device: Device) => summarise(device, deps.devicePorts(), deps.network, deps.lanOf(device.state.identity.ip));
  const row = (id: string) => summary(find(id)!);

  app.get('/__sim/devices', async () => deps.fleet.list().map(summary));

  app.get<{ Params: { id: string } }>('/__sim/devices/:id', async (request, reply) =>
    find(request.params.id) ? row(request.params.id) : sendError(reply, 404, `No device "${request.params.id}".`));

  app.post<{ Params: { id: string }; Body: unknown }>('/__sim/devices/:id/faults', async (request, reply) => {
    const device = find(request.params.id);
    if (!device) return sendError(reply, 404, `No device "${request.params.id}".`);
    const type = (request.body as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string' || !(faultTypes as readonly string[]).includes(type)) {
      return sendError(reply, 400, `Body must be {"type": one of ${faultTypes.join(', ')}}; got ${JSON.stringify(type ?? null)}.`);
    }
    if (type === 'power-off') await device.control({ type: 'power-off' });
    else if (type === 'no-internet') await device.control({ type: 'set-internet', internet: false });
    else deps.network.apply(device.id, type as NetworkFaultType);
    deps.events.emit({ type: 'fault-applied', deviceId: device.id, at: deps.clock.now(), fault: type });
    deps.onDeviceChanged?.(device);
    return reply.code(201).send(row(device.id));
  });

  const clear = async (id: string, type: string | undefined) => {
    const device = find(id)!;
    const types = type === undefined ? [...faultTypes] : [type];
    for (const t of types) {
      if (t === 'power-off') await device.control({ type: 'power-on' });
      else if (t === 'no-internet') await device.control({ type: 'set-internet', internet: true });
      else deps.network.clear(device.id, t as NetworkFaultType);
    }
    deps.events.emit({ type: 'fault-cleared', deviceId: device.id, at: deps.clock.now(), fault: type ?? 'all' });
    deps.onDeviceChanged?.(device);
    return row(device.id);
  };

  app.delete<{ Params: { id: string } }>('/__sim/devices/:id/faults', async (request, reply) =>
    find(request.params.id) ? clear(request.params.id, undefined) : sendError(reply, 404, `No device "${request.params.id}".`));

  app.delete<{ Params: { id: string; type: string } }>('/__sim/devices/:id/faults/:type', async (request, reply) => {
    if (!find(request.params.id)) return sendError(reply, 404, `No device "${request.params.id}".`);
    if (!(faultTypes as readonly string[]).includes(request.params.type)) return sendError(reply, 400, `Unknown fault "${request.params.type}"; faults are ${faultTypes.join(', ')}.`);
    return clear(request.params.id, request.params.type);
  });

  app.post<{ Params: { id: string } }>('/__sim/devices/:id/factory-reset', async (request, reply) => {
    const device = find(request.params.id);
    if (!device) return sendError(reply, 404, `No device "${request.params.id}".`);
    const outcome = await device.control({ type: 'factory-reset' });
    if (isRefusal(outcome)) return sendError(reply, 409, `${device.id} cannot be reset: ${outcome.message}`, outcome);
    deps.onDeviceChanged?.(device);
    return row(device.id);
  });
}
