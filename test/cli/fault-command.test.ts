import t from 'tap';
import { capturedOutput } from './memory-sink.js';
import { faultCommand } from '../../cli/commands/fault-command.js';
import { startTestEmulator } from '../helpers/emulator-fixture.js';

/** `vigi-sim fault` against a running emulator, as a tester would use it from a second terminal. */
const sink = capturedOutput;

t.test('applies, lists and clears faults on a running emulator', async (t) => {
  const fx = await startTestEmulator();
  t.teardown(() => fx.emulator.close());
  const control = fx.emulator.controlUrl.replace('http://', '');
  const run = async (...args: string[]) => {
    const s = sink();
    const code = await faultCommand([...args, '--control', control], s.sink, {});
    return { code, ...s };
  };
  t.match(await run('cam-front', 'power-off'), { code: 0, out: ['applied power-off on cam-front', 'cam-front faults now: power-off'] });
  t.match(await fx.control('GET', '/__sim/devices/cam-front'), { body: { power: 'off' } });
  t.match(await run('cam-front', 'latency', '--ms', '50'), { code: 0 });
  t.match(await run('global', 'smtp-down', '--probability', '0.5'), { code: 0, out: ['applied smtp-down on global'] });
  const list = await run('list');
  t.equal(list.code, 0);
  t.match(list.out.join('\n'), /global: smtp-down with probability 0\.5/);
  t.match(list.out.join('\n'), /cam-front: latency 50 ms/);
  t.match(await run('cam-front', 'power-off', '--clear'), { code: 0, out: ['cleared power-off on cam-front'] });
  t.match(await fx.control('GET', '/__sim/devices/cam-front'), { body: { power: 'on', faults: ['latency'] } });
  t.match(await run('cam-front', 'meteor'), { code: 1, err: [/"type" must be one of/] });
  t.match(await run('cam-nowhere', 'power-off'), { code: 1, err: [/No device/] });
});

t.test('says clearly when no emulator answers, and checks its arguments', async (t) => {
  const s = sink();
  t.equal(await faultCommand(['cam-front', 'power-off', '--control', '127.0.0.1:1'], s.sink, {}), 1);
  t.match(s.err[0], /no emulator answers at http:\/\/127\.0\.0\.1:1/);
  const u = sink();
  t.equal(await faultCommand(['cam-front'], u.sink, {}), 2);
});
