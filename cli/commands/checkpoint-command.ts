import type { OutputSink } from '../output-sink.js';
import { parseCommandArgs } from '../parse-args.js';
import { usageError } from '../usage.js';
import { controlRequest, controlTarget } from '../control-client.js';

/**
 * `vigi-sim checkpoint save|restore|delete <name>`, `vigi-sim checkpoint list` and
 * `vigi-sim reset`: clients of a running emulator's control plane, so a tester can keep a
 * set-up and return to it (or to the scenario's start) from a second terminal.
 */
export const checkpointUsage = 'vigi-sim checkpoint <save|restore|delete> <name> | list [--control host:port] [--token t]\n       vigi-sim reset [--control host:port] [--token t]';

type Summary = { name: string; takenAt: string; devices: number; mails: number; faults: number };

export async function checkpointCommand(argv: readonly string[], sink: OutputSink, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandArgs('checkpoint', argv, { control: { type: 'string' }, token: { type: 'string' } });
  if (!parsed.ok) return usageError(sink, parsed.message);
  const target = controlTarget(parsed.values, env);
  if (typeof target === 'string') return usageError(sink, target);
  const [action, name, ...extra] = parsed.positionals;
  if (extra.length > 0) return usageError(sink, `unexpected "${extra[0]}"`);
  if (action === 'list') {
    if (name !== undefined) return usageError(sink, `unexpected "${name}"`);
    const answered = await controlRequest(sink, target, 'GET', '/__sim/checkpoints');
    if (!answered) return 1;
    const list = answered.reply as Summary[];
    if (list.length === 0) sink.out('no checkpoints taken');
    for (const c of list) sink.out(`${c.name}  taken at ${c.takenAt} (virtual): ${c.devices} devices, ${c.mails} mails, ${c.faults} faults`);
    return 0;
  }
  if (action !== 'save' && action !== 'restore' && action !== 'delete') return usageError(sink, 'say save, restore, delete or list, e.g. vigi-sim checkpoint save after-setup');
  if (name === undefined) return usageError(sink, `name the checkpoint, e.g. vigi-sim checkpoint ${action} after-setup`);
  const path = `/__sim/checkpoints${action === 'save' ? '' : `/${encodeURIComponent(name)}`}${action === 'restore' ? '/restore' : ''}`;
  const answered = await controlRequest(sink, target, action === 'delete' ? 'DELETE' : 'POST', path, action === 'save' ? { name } : undefined);
  if (!answered) return 1;
  const summary = answered.reply as Summary;
  sink.out(action === 'save'
    ? `saved checkpoint ${name}: ${summary.devices} devices, ${summary.mails} mails, ${summary.faults} faults`
    : action === 'restore' ? `restored checkpoint ${name}` : `deleted checkpoint ${name}`);
  return 0;
}

export async function resetCommand(argv: readonly string[], sink: OutputSink, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandArgs('reset', argv, { control: { type: 'string' }, token: { type: 'string' } });
  if (!parsed.ok) return usageError(sink, parsed.message);
  if (parsed.positionals.length > 0) return usageError(sink, `unexpected "${parsed.positionals[0]}"`);
  const target = controlTarget(parsed.values, env);
  if (typeof target === 'string') return usageError(sink, target);
  const answered = await controlRequest(sink, target, 'POST', '/__sim/reset');
  if (!answered) return 1;
  sink.out(`reset: ${(answered.reply as { devices: number }).devices} devices back at the scenario's start`);
  return 0;
}
