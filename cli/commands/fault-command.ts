import type { OutputSink } from '../output-sink.js';
import { parseCommandArgs } from '../parse-args.js';
import { usageError } from '../usage.js';
import { controlRequest, controlTarget } from '../control-client.js';

/**
 * `vigi-sim fault <device|global> <type> [--ms n] [--probability p]`, `--clear` to clear it,
 * and `vigi-sim fault list`: a client of a running emulator's control plane, so a tester can
 * flip faults from a second terminal while their app runs. Does what the console's buttons do.
 */
export const faultUsage = 'vigi-sim fault <device|global> <type> [--ms n] [--probability p] [--clear] [--control host:port] [--token t]\n       vigi-sim fault list [--control host:port]';

export async function faultCommand(argv: readonly string[], sink: OutputSink, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandArgs('fault', argv, {
    ms: { type: 'string' }, probability: { type: 'string' }, clear: { type: 'boolean' }, control: { type: 'string' }, token: { type: 'string' },
  });
  if (!parsed.ok) return usageError(sink, parsed.message);
  const control = controlTarget(parsed.values, env);
  if (typeof control === 'string') return usageError(sink, control);
  const [target, type, ...extra] = parsed.positionals;
  if (extra.length > 0) return usageError(sink, `unexpected "${extra[0]}"`);

  let method = 'GET';
  let path = '/__sim/faults';
  let body: Record<string, unknown> | undefined;
  if (target !== 'list') {
    if (target === undefined || type === undefined) return usageError(sink, 'name a device (or "global") and a fault type, e.g. vigi-sim fault cam-front power-off');
    const where = target === 'global' ? '/__sim/faults' : `/__sim/devices/${encodeURIComponent(target)}/faults`;
    if (parsed.values.clear) {
      method = 'DELETE';
      path = `${where}/${encodeURIComponent(type)}`;
    } else {
      method = 'POST';
      path = where;
      body = { type };
      if (parsed.values.ms !== undefined) body.ms = Number(parsed.values.ms);
      if (parsed.values.probability !== undefined) body.probability = Number(parsed.values.probability);
    }
  }
  const answered = await controlRequest(sink, control, method, path, body);
  if (!answered) return 1;
  const reply = answered.reply as Record<string, unknown>;
  if (target === 'list') {
    const faults = reply as unknown as { explain: string }[];
    if (faults.length === 0) sink.out('no global or network faults in force');
    for (const fault of faults) sink.out(fault.explain);
    return 0;
  }
  sink.out(parsed.values.clear ? `cleared ${type} on ${target}` : `applied ${type} on ${target}`);
  if (target !== 'global' && Array.isArray(reply.faults)) sink.out(`${target} faults now: ${(reply.faults as string[]).join(', ') || 'none'}`);
  return 0;
}
