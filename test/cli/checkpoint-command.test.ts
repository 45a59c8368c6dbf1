import t from 'tap';
import { capturedOutput } from './memory-sink.js';
import { checkpointCommand, resetCommand } from '../../cli/commands/checkpoint-command.js';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/** `vigi-sim checkpoint` and `vigi-sim reset` against a running emulator, from a second terminal. */
const sink = capturedOutput;

t.test('save, list, restore, delete a checkpoint; reset to the scenario', async (t) => {
  const fx = await startTestEmulator();
  t.teardown(() => fx.emulator.close());
  const env = { VIGI_SIM_CONTROL: fx.emulator.controlUrl.replace('http://', '') };
  const run = async (command: typeof checkpointCommand, ...args: string[]) => {
    const s = sink();
    const code = await command(args, s.sink, env);
    return { code, ...s };
  };
  await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'power-off' });
  t.match(await run(checkpointCommand, 'save', 'front-off'), { code: 0, out: ['saved checkpoint front-off: 5 devices, 0 mails, 1 faults'] });
  t.match(await run(checkpointCommand, 'list'), { code: 0, out: [/^front-off {2}taken at .* \(virtual\): 5 devices, 0 mails, 1 faults$/] });
  t.match(await run(resetCommand), { code: 0, out: ["reset: 5 devices back at the scenario's start"] });
  t.match(await fx.control('GET', '/__sim/devices/cam-front'), { body: { power: 'on' } });
  t.match(await run(checkpointCommand, 'restore', 'front-off'), { code: 0, out: ['restored checkpoint front-off'] });
  t.match(await fx.control('GET', '/__sim/devices/cam-front'), { body: { power: 'off', faults: ['power-off'] } });
  t.match(await run(checkpointCommand, 'delete', 'front-off'), { code: 0, out: ['deleted checkpoint front-off'] });
  t.match(await run(checkpointCommand, 'restore', 'front-off'), { code: 1, err: ['vigi-sim: No checkpoint "front-off"; none was taken.'] });
  t.match(await run(checkpointCommand, 'list'), { code: 0, out: ['no checkpoints taken'] });
});

t.test('checks its arguments, and says when no emulator answers', async (t) => {
  const bad = async (...args: string[]) => {
    const s = sink();
    return { code: await checkpointCommand(args, s.sink, {}), first: s.err[0] };
  };
  t.match(await bad(), { code: 2, first: /say save, restore, delete or list/ });
  t.match(await bad('save'), { code: 2, first: /name the checkpoint, e.g. vigi-sim checkpoint save after-setup/ });
  t.match(await bad('save', 'a', 'b'), { code: 2, first: /unexpected "b"/ });
  const s = sink();
  t.equal(await resetCommand(['--control', '127.0.0.1:1'], s.sink, {}), 1);
  t.match(s.err[0], /no emulator answers at http:\/\/127\.0\.0\.1:1/);
});
