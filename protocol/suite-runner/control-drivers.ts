import type { SuiteAction } from '../../scenarios/suite-types.js';
import type { ControlReply, SuiteContext } from './suite-context.js';

/**
 * Drivers of what happens around the devices, through the control plane: faults (per device
 * and global), the reset button, the virtual clock, the VIGI app scanning a QR code and the
 * support desk reading one; checkpoints taken and returned to. The reply a step sees is `{ status, body }` (HTTP status and JSON).
 */
type Action<K extends SuiteAction['kind']> = Extract<SuiteAction, { kind: K }>;

const segment = (text: string): string => encodeURIComponent(text);

export async function faultDriver(action: Action<'fault'>, ctx: SuiteContext): Promise<ControlReply> {
  const { device, ...fault } = action.fault;
  if (device === undefined) return ctx.control('POST', '/__sim/faults', fault);
  return ctx.control('POST', `/__sim/devices/${segment(device)}/faults`, fault);
}

export async function clearFaultDriver(action: Action<'clear-fault'>, ctx: SuiteContext): Promise<ControlReply> {
  if (action.device === undefined) return ctx.control('DELETE', `/__sim/faults/${segment(action.type)}`);
  return ctx.control('DELETE', `/__sim/devices/${segment(action.device)}/faults/${segment(action.type)}`);
}

export async function factoryResetDriver(action: Action<'factory-reset'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', `/__sim/devices/${segment(action.device)}/factory-reset`);
}

export async function detectDriver(action: Action<'detect'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', `/__sim/devices/${segment(action.device)}/detections`, { type: action.type });
}

export async function advanceDriver(action: Action<'advance'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', '/__sim/clock/advance', { ms: action.ms });
}

export async function appScanDriver(action: Action<'app-scan'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', '/__sim/cloud/app/scan', { qrcode: action.qrcode });
}

export async function supportCodeDriver(action: Action<'support-code'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', '/__sim/cloud/support/code', { qrcode: action.qrcode });
}

export async function checkpointDriver(action: Action<'checkpoint'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', '/__sim/checkpoints', { name: action.name });
}

export async function restoreDriver(action: Action<'restore'>, ctx: SuiteContext): Promise<ControlReply> {
  return ctx.control('POST', `/__sim/checkpoints/${segment(action.name)}/restore`);
}
