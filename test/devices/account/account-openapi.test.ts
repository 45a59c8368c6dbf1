import t from 'tap';
import { openApiOn, setOpenApi } from '../../../devices/account/account-openapi.js';
import type { AccountState } from '../../../devices/account/account-state.js';
import { freshCounter } from '../../../devices/kernel/attempt-counter.js';

// The OpenAPI switch is part of what a device keeps in flash, next to its password.
const memory = { challenges: [], sessions: [], login: freshCounter };
const activated: AccountState = { flash: { status: 'activated', adminMd5: 'A'.repeat(32) }, memory };
const fresh: AccountState = { flash: { status: 'factory-fresh' }, memory };

t.test('an activated device is off until switched on, and can be switched off again', async (t) => {
  t.notOk(openApiOn(activated.flash), 'off by default');
  const on = setOpenApi(activated, true);
  t.same(on.outcome, {});
  t.ok(openApiOn(on.state.flash), 'on');
  t.equal(on.state.flash.status === 'activated' && on.state.flash.adminMd5, 'A'.repeat(32), 'the password is kept');
  t.match(on.effects, [{ type: 'emit', event: { type: 'openapi-switched', enabled: true } }]);
  const off = setOpenApi(on.state, false);
  t.notOk(openApiOn(off.state.flash), 'off again');
  t.notOk('openapi' in off.state.flash, 'nothing is left behind in flash');
  t.match(off.effects, [{ type: 'emit', event: { type: 'openapi-switched', enabled: false } }]);
});

t.test('switching to the state it is in changes nothing', async (t) => {
  const step = setOpenApi(activated, false);
  t.equal(step.state, activated, 'the same state object: nothing to save');
  t.same(step.effects, []);
});

t.test('a factory-fresh device has no OpenAPI to switch on', async (t) => {
  const step = setOpenApi(fresh, true);
  t.match(step.outcome, { refused: true, code: -40401 });
  t.equal(step.state, fresh);
  t.notOk(openApiOn(fresh.flash));
});
