import t from 'tap';
import { ManualClock } from '../../../devices/kernel/clock.js';
import { SeededRng } from '../../../devices/kernel/rng.js';
import { MemoryMailer } from '../../../devices/kernel/mailer.js';
import { MemoryEventSink } from '../../../devices/kernel/device-events.js';
import { MemoryFlashStore } from '../../../devices/kernel/flash-store.js';
import { Camera } from '../../../devices/camera/camera.js';
import { newCamera } from '../../../devices/camera/camera-state.js';
import { detectionTypes, isDetectionType, messagePushOn } from '../../../devices/camera/camera-detection.js';
import { flashRecordProblems } from '../../../protocol/state/flash-record-shape.js';
import { activatedFlash, identity } from '../../helpers/camera-fixture.js';

function fixture(flash: Parameters<typeof newCamera>[1] = activatedFlash()) {
  const events = new MemoryEventSink();
  const store = new MemoryFlashStore();
  const clock = new ManualClock(1_786_000_000_500);
  const camera = new Camera(newCamera(identity, flash), { clock, rng: new SeededRng(1), mailer: new MemoryMailer(), events, flash: store });
  return { camera, events, store, clock };
}

t.test('a detection is journalled with its public event type and the camera clock in seconds', async (t) => {
  const { camera, events } = fixture();
  t.same(await camera.dispatch({ type: 'detect', eventType: 'PeopleDetection' }), { eventType: 'PeopleDetection', time: 1_786_000_000, pushed: true });
  t.match(events.ofType('detected'), [{ deviceId: 'cam-1', eventType: 'PeopleDetection', time: 1_786_000_000, pushed: true }]);
});

t.test('every kind is pushed until its msg_push switch is turned off, and the switch lives in flash', async (t) => {
  const { camera, events, store } = fixture();
  t.ok(detectionTypes.every((type) => messagePushOn(camera.state.flash, type)), 'all on at first');
  t.same(await camera.dispatch({ type: 'set-message-push', eventType: 'VehicleDetection', enabled: false }), {});
  t.match(store.records.get('cam-1'), { flash: { messagePushOff: ['VehicleDetection'] } }, 'saved before the reply');
  t.match(await camera.dispatch({ type: 'detect', eventType: 'VehicleDetection' }), { pushed: false });
  t.match(await camera.dispatch({ type: 'detect', eventType: 'MotionDetection' }), { pushed: true }, 'other kinds unaffected');
  await camera.dispatch({ type: 'set-message-push', eventType: 'VehicleDetection', enabled: true });
  t.equal((camera.state.flash as { messagePushOff?: unknown }).messagePushOff, undefined, 'back to the default: nothing kept');
  t.same(events.ofType('message-push-switched').map((e) => e.enabled), [false, true]);
  const unchanged = events.events.length;
  await camera.dispatch({ type: 'set-message-push', eventType: 'VehicleDetection', enabled: true });
  t.equal(events.events.length, unchanged, 'switching to what it already is changes nothing');
});

t.test('the switches survive a power cycle and are forgotten by a factory reset', async (t) => {
  const { camera } = fixture();
  await camera.dispatch({ type: 'set-message-push', eventType: 'TamperDetection', enabled: false });
  await camera.dispatch({ type: 'power-off' });
  await camera.dispatch({ type: 'power-on' });
  t.notOk(messagePushOn(camera.state.flash, 'TamperDetection'), 'kept across power');
  await camera.dispatch({ type: 'factory-reset' });
  t.match(await camera.dispatch({ type: 'detect', eventType: 'TamperDetection' }), { pushed: false }, 'a factory-fresh camera pushes nothing');
  t.match(await camera.dispatch({ type: 'set-message-push', eventType: 'TamperDetection', enabled: true }), { code: -40405 }, 'nor can it be set before activation');
});

t.test('a powered-off camera detects nothing', async (t) => {
  const { camera, events } = fixture();
  await camera.dispatch({ type: 'power-off' });
  t.match(await camera.dispatch({ type: 'detect', eventType: 'MotionDetection' }), { code: -51295 });
  t.same(events.ofType('detected'), []);
});

t.test('the names are checked, and a state file with a bad switch list is reported', async (t) => {
  t.ok(isDetectionType('LoiterDetection'));
  t.notOk(isDetectionType('loiter'));
  t.notOk(isDetectionType(7));
  t.same(flashRecordProblems({ kind: 'camera', flash: { status: 'activated', adminMd5: 'A'.repeat(32), messagePushOff: ['Nope'] } }),
    [`record.flash.messagePushOff: must be a list of detection types (${detectionTypes.join(', ')})`]);
  t.same(flashRecordProblems({ kind: 'camera', flash: { status: 'activated', adminMd5: 'A'.repeat(32), messagePushOff: ['LoiterDetection'] } }), []);
});
