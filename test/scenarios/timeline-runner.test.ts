import t from 'tap';
import { ManualClock } from '../../devices/kernel/clock.js';
import { TimelineRunner, type TimelineActions } from '../../scenarios/timeline-runner.js';
import type { TimelineEntry } from '../../scenarios/timeline-types.js';

/** The timeline on a manual clock: what fires when, recorded by a fake set of actions. */
function recorder() {
  const log: string[] = [];
  const actions: TimelineActions = {
    apply: async (spec, source) => log.push(`apply ${spec.device ?? 'global'} ${spec.type} (${source})`),
    clear: async (type, device, source) => log.push(`clear ${device ?? 'global'} ${type} (${source})`),
    factoryReset: async (device) => log.push(`reset ${device}`),
    detect: async (device, type) => log.push(`detect ${device} ${type}`),
  };
  return { log, actions };
}

const entries: TimelineEntry[] = [
  { at: 30_000, apply: { type: 'power-off', device: 'cam-1' }, label: 'timeline[0]' },
  { at: 45_000, clear: { type: 'power-off', device: 'cam-1' }, label: 'timeline[1]' },
  { after: { event: 'verification-code-sent', device: 'cam-2', count: 2 }, apply: { type: 'smtp-down' }, forMs: 30_000, label: 'timeline[2]' },
  { at: 60_000, factoryReset: { device: 'cam-3' }, label: 'timeline[3]' },
  { at: 90_000, detect: { device: 'cam-2', type: 'PeopleDetection' }, label: 'timeline[4]' },
];

t.test('at-entries fire once their time has come, in order, once', async (t) => {
  const clock = new ManualClock();
  const { log, actions } = recorder();
  const runner = new TimelineRunner(entries, actions, clock);
  runner.start();
  await runner.tick();
  t.same(log, []);
  clock.advance(29_999);
  await runner.tick();
  t.same(log, []);
  clock.advance(1);
  await runner.tick();
  await runner.tick();
  t.same(log, ['apply cam-1 power-off (timeline[0])']);
  clock.advance(40_000);
  await runner.tick();
  t.same(log, ['apply cam-1 power-off (timeline[0])', 'clear cam-1 power-off (timeline[1])', 'reset cam-3'], 'a jump fires everything due, in timeline order');
});

t.test('after-entries count matching events; for clears again after its time', async (t) => {
  const clock = new ManualClock();
  const { log, actions } = recorder();
  const runner = new TimelineRunner(entries.slice(2, 3), actions, clock);
  runner.start();
  const sent = (deviceId: string) => runner.onEvent({ type: 'verification-code-sent', deviceId, at: clock.now() });
  sent('cam-1');
  sent('cam-2');
  await runner.tick();
  t.same(log, [], 'one matching event is not two');
  sent('cam-2');
  await runner.tick();
  t.same(log, ['apply global smtp-down (timeline[2])'], 'after the second code sent');
  sent('cam-2');
  clock.advance(29_999);
  await runner.tick();
  t.equal(log.length, 1, 'fires once');
  clock.advance(1);
  await runner.tick();
  t.same(log.at(-1), 'clear global smtp-down (timeline[2] (after 30000 ms))');
  t.equal(runner.pending, 0);
});

t.test('start() begins again: counts and fired entries are forgotten', async (t) => {
  const clock = new ManualClock();
  const { log, actions } = recorder();
  const runner = new TimelineRunner(entries.slice(0, 1), actions, clock);
  runner.start();
  clock.advance(30_000);
  await runner.tick();
  runner.start();
  await runner.tick();
  t.equal(log.length, 1, 'not due again right after a restart');
  clock.advance(30_000);
  await runner.tick();
  t.equal(log.length, 2);
});

t.test('a detect entry has the camera detect, at its time', async (t) => {
  const clock = new ManualClock();
  const { log, actions } = recorder();
  const runner = new TimelineRunner(entries.filter((entry) => 'detect' in entry), actions, clock);
  runner.start();
  clock.advance(89_999);
  await runner.tick();
  t.same(log, []);
  clock.advance(1);
  await runner.tick();
  t.same(log, ['detect cam-2 PeopleDetection']);
});
