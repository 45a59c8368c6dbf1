import t from 'tap';
import { RequestLog, requestNames } from '../../../protocol/events/request-log.js';

// The request log keeps names and codes, filters, and stays bounded.
const record = (log: RequestLog, deviceId: string, module?: string, action?: string) =>
  log.record(deviceId, 'https', false, module ? { method: 'do', [module]: action ? { [action]: null } : {} } : undefined, 0, 0);

t.test('names come from the body, and only names', async (t) => {
  t.same(requestNames({ method: 'do', forget_password: { send_verification_code: null } }), { method: 'do', module: 'forget_password', action: 'send_verification_code' });
  t.same(requestNames({ method: 'get', device_info: { name: ['basic_info'] } }), { method: 'get', module: 'device_info' }, 'get: no action');
  t.same(requestNames({ method: 'do', a: {}, b: {} }), { method: 'do' }, 'two modules: none named');
  t.same(requestNames('nope'), {});
  t.same(requestNames({ method: 7, chm: { chm_del_dev: {} } }), { module: 'chm' }, 'a method that is not text is left out, and so is the action');
});

t.test('filters by device, module, action, since and limit', async (t) => {
  const log = new RequestLog();
  record(log, 'cam-a', 'login');
  record(log, 'cam-a', 'forget_password', 'send_verification_code');
  record(log, 'cam-b', 'forget_password', 'send_verification_code');
  t.same(log.list({ deviceId: 'cam-a' }).map((e) => e.seq), [1, 2]);
  t.same(log.list({ action: 'send_verification_code' }).map((e) => e.deviceId), ['cam-a', 'cam-b']);
  t.same(log.list({ since: 1, limit: 1 }).map((e) => e.seq), [3]);
  log.clear();
  t.same(log.list(), []);
  record(log, 'cam-a');
  t.equal(log.list()[0]!.seq, 4, 'sequence numbers carry on after clear');
});

t.test('bounded: only the newest entries are kept', async (t) => {
  const log = new RequestLog(10);
  for (let i = 0; i < 100; i++) record(log, `cam-${i}`);
  const kept = log.list();
  t.equal(kept.length, 10);
  t.equal(kept[9]!.deviceId, 'cam-99');
});
