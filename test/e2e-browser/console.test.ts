import t, { type Test } from 'tap';
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { privateDiscoveryPorts, quickstartScenario, startTestEmulator } from '../helpers/emulator-fixture.js';
import { startEmulator } from '../../protocol/emulator.js';
import { detectionTypes } from '../../devices/camera/camera-detection.js';

/**
 * The web console in a real browser (Debian's headless Chromium through playwright-core): it
 * shows every device, follows changes made elsewhere without a reload, and its buttons do what
 * the control plane does. Screenshots go to test-artifacts/console/.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/console/', import.meta.url).pathname;
const PASSWORD = 'Vigi#Admin1';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (apt-get install -y chromium): the browser tests need it`;

/** Passes once the locator matches a visible element, or fails after `timeout` ms. */
async function shows(t: Test, locator: Locator, what: string, timeout = 3000): Promise<void> {
  const started = Date.now();
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    t.pass(`${what} (${Date.now() - started} ms)`);
  } catch {
    t.fail(`${what}: not within ${timeout} ms`);
  }
}

/** Passes once the locator matches nothing visible, or fails after `timeout` ms. */
async function hides(t: Test, locator: Locator, what: string, timeout = 3000): Promise<void> {
  const started = Date.now();
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
    t.pass(`${what} (${Date.now() - started} ms)`);
  } catch {
    t.fail(`${what}: still shown after ${timeout} ms`);
  }
}

const launchBrowser = () => chromium.launch({
  executablePath: CHROMIUM,
  timeout: 20_000,
  // playwright-core starts each browser with a new, empty --user-data-dir of its own.
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
});

/** A page of the console at 1280×800 that records every page error, failed request and console error. */
async function openConsole(browser: Browser, controlUrl: string, ready = true) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(5000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused control-plane call (a 4xx) is logged by the browser; the page shows it as a message.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
  await page.goto(`${controlUrl}/console/`);
  if (ready) {
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('#connection[data-state="live"]').waitFor();
  }
  return { page, problems };
}

const shoot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage });

if (skip) {
  t.test('the web console in headless Chromium', { skip }, async () => undefined);
} else {
  mkdirSync(ARTIFACTS, { recursive: true });
  const fx = await startTestEmulator(undefined, { nvrPollMs: 500 });
  t.teardown(() => fx.emulator.close());
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  const { page, problems } = await openConsole(browser, fx.emulator.controlUrl);
  // Set once: if the page ever reloaded, it would be gone.
  await page.evaluate('window.__loadedOnce = true');
  const card = (id: string) => page.locator(`article[data-device="${id}"]`);
  const toggle = (id: string, fault: string) => card(id).locator(`button[data-fault="${fault}"]`);
  const channel = (n: string, certification: string) => card('nvr-main').locator(`tr[data-channel="${n}"][data-certification="${certification}"]`);
  const deviceRow = async (id: string) => (await fx.control('GET', `/__sim/devices/${id}`)).body as { power: string; activated: boolean; faults: string[] };

  t.test('the wall shows every device, and each NVR channel with its certification', async (t) => {
    const devices = (await fx.control('GET', '/__sim/devices')).body as { id: string; kind: string; model: string; name: string; ip: string; channels?: { id: string; certification: string }[] }[];
    t.equal(devices.length, 5);
    for (const device of devices) {
      await shows(t, card(device.id).filter({ hasText: device.name }).filter({ hasText: device.model }).filter({ hasText: device.ip }), `${device.id}: ${device.name}, ${device.model}, ${device.ip}`);
    }
    for (const row of devices.find((d) => d.kind === 'nvr')?.channels ?? []) {
      await shows(t, channel(row.id, row.certification), `nvr-main channel ${row.id}: ${row.certification}`);
    }
    t.same(devices.find((d) => d.kind === 'nvr')?.channels?.map((c) => c.certification), ['connected', 'connected', 'not-certified'], 'the quickstart: two certified, one not');
    await shows(t, card('cam-garage').locator('button[data-fault="no-internet"][aria-pressed="true"]'), 'cam-garage starts without internet');
    await shoot(page, 'wall');
    await shoot(page, 'wall-full', true);
  });

  t.test('power-off from the console, and from elsewhere, shows within 3 s without a reload', async (t) => {
    await toggle('cam-front', 'power-off').click();
    await shows(t, card('cam-front').locator('[data-field="power"]', { hasText: 'Power off' }), 'cam-front shows power off');
    t.match(await deviceRow('cam-front'), { power: 'off', faults: ['power-off'] }, 'the control plane agrees');
    t.equal(await toggle('cam-front', 'power-off').getAttribute('aria-pressed'), 'true');
    await shows(t, channel('1', 'offline'), 'the NVR sees channel 1 offline', 5000);
    await shoot(page, 'power-off');
    await toggle('cam-front', 'power-off').click();
    await shows(t, card('cam-front').locator('[data-field="power"]', { hasText: 'Power on' }), 'cam-front shows power on again');
    t.match(await deviceRow('cam-front'), { power: 'on' });
    await shows(t, channel('1', 'connected'), 'channel 1 connected again', 5000);

    // Changed through the control plane, not the page: the event stream brings it.
    t.match(await fx.control('POST', '/__sim/devices/cam-lobby/faults', { type: 'power-off' }), { status: 201 });
    await shows(t, card('cam-lobby').locator('[data-field="power"]', { hasText: 'Power off' }), 'a power-off made elsewhere shows');
    t.match(await fx.control('DELETE', '/__sim/devices/cam-lobby/faults/power-off'), { status: 200 });
    await shows(t, card('cam-lobby').locator('[data-field="power"]', { hasText: 'Power on' }), 'and its power-on');
    t.equal(await page.evaluate('window.__loadedOnce'), true, 'no reload happened');
  });

  t.test('latency with its ms, SMTP down, and the virtual clock', async (t) => {
    await card('cam-backyard').getByLabel('Latency of cam-backyard in milliseconds').fill('250');
    await toggle('cam-backyard', 'latency').click();
    await shows(t, card('cam-backyard').locator('.chip-fault', { hasText: 'latency 250 ms' }), 'latency 250 ms in force');
    const faults = (await fx.control('GET', '/__sim/faults')).body as { type: string; device?: string; ms?: number }[];
    t.match(faults, [{ type: 'latency', device: 'cam-backyard', ms: 250 }]);
    await toggle('cam-backyard', 'latency').click();
    await shows(t, card('cam-backyard').locator('button[data-fault="latency"][aria-pressed="false"]'), 'latency cleared');

    await page.locator('#smtp-down').click();
    await shows(t, page.locator('#smtp-down[aria-pressed="true"]'), 'SMTP down is on');
    t.match((await fx.control('GET', '/__sim/faults')).body, [{ type: 'smtp-down' }]);
    await page.locator('#smtp-down').click();
    await shows(t, page.locator('#smtp-down[aria-pressed="false"]'), 'SMTP down is off');
    t.same((await fx.control('GET', '/__sim/faults')).body, []);

    const before = ((await fx.control('GET', '/__sim/clock')).body as { offsetMs: number }).offsetMs;
    await page.getByRole('button', { name: '+1 min' }).click();
    await shows(t, page.locator('#clock-offset', { hasText: '+1 min ahead' }), 'the clock shows +1 min');
    t.equal(((await fx.control('GET', '/__sim/clock')).body as { offsetMs: number }).offsetMs, before + 60_000);
  });

  t.test('reset by email: the mail appears live, its code resets the password', async (t) => {
    const cam = fx.client('cam-front');
    t.match(await cam.forget('send_verification_code'), { error_code: 0 });
    const item = page.locator('#mail-list .mail-item', { hasText: 'owner@example.test' });
    await shows(t, item, 'the reset mail appears in the mailbox without a reload');
    await item.first().click();
    await shows(t, page.locator('#mail-dialog[open]'), 'the mail opens');
    const code = (await page.locator('#mail-code-value').textContent())?.trim() ?? '';
    t.match(code, /^\d{6}$/, 'the page shows the code');
    t.match(await page.locator('#mail-body pre').textContent(), `Your verification code is: ${code}`, 'and the mail text');
    await shoot(page, 'mail');
    await page.getByRole('button', { name: 'HTML', exact: true }).click();
    t.equal(await page.locator('#mail-body iframe').getAttribute('sandbox'), '', 'mail HTML only in a sandboxed frame');
    await page.keyboard.press('Escape');
    await page.locator('#mail-dialog[open]').waitFor({ state: 'detached' });

    const check = await cam.forget('verification_code_check', { verify_code: code });
    t.match(check, { error_code: 0 });
    t.match(await cam.resetPassword((check.forget_password as { reset_token: string }).reset_token, 'Front#New1'), { error_code: 0 });
    t.match(await cam.login('Front#New1'), { error_code: 0 }, 'the new password logs in');
    t.match(await cam.login(PASSWORD), { error_code: -40401 }, 'the old one does not');
    await shows(t, channel('1', 'not-certified'), 'the NVR, holding the old password, shows channel 1 not certified', 5000);
  });

  t.test('the support desk reads a pasted payload and an uploaded QR image', async (t) => {
    const lobby = fx.client('cam-lobby');
    const qr = (await lobby.forget('get_support_qrcode')).forget_password as { qrcode: string; qrcode_png: string };
    await page.locator('#qr-payload').fill(qr.qrcode);
    await page.getByRole('button', { name: 'Get support code' }).click();
    await shows(t, page.locator('#support-code'), 'a support code is shown');
    const code = (await page.locator('#support-code').textContent())?.trim() ?? '';
    t.match(code, /^\d{6}$/);
    await shows(t, page.locator('#support-result', { hasText: 'Lobby (cam-lobby)' }), 'named after its camera');
    await shoot(page, 'support');
    t.match(await lobby.forget('support_code_check', { verify_code: code }), { error_code: 0 }, 'the camera accepts it');

    const second = (await lobby.forget('get_support_qrcode')).forget_password as { qrcode: string; qrcode_png: string };
    await page.locator('#qr-payload').fill('');
    await page.locator('#qr-file').setInputFiles({ name: 'support-qr.png', mimeType: 'image/png', buffer: Buffer.from(second.qrcode_png, 'base64') });
    await shows(t, page.locator('#qr-status', { hasText: 'Read a QR code' }), 'the PNG is decoded in the browser (jsQR)', 5000);
    t.equal(await page.locator('#qr-payload').inputValue(), second.qrcode, 'to the same payload');

    await page.locator('#qr-payload').fill('not a qr payload');
    await page.getByRole('button', { name: 'Get support code' }).click();
    await shows(t, page.locator('#support-result .result-error', { hasText: '-51293' }), 'a bad payload shows the refusal with its code');
  });

  t.test('keyboard: Tab to a fault button, Enter applies, Space clears', async (t) => {
    await page.locator('.skip-link').focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate("(() => { const el = document.activeElement; return `${el?.closest('article')?.dataset.device ?? ''}/${el?.dataset?.fault ?? el?.tagName}`; })()");
    let reached = '';
    for (let presses = 0; presses < 10 && reached !== 'cam-front/offline'; presses++) {
      await page.keyboard.press('Tab');
      reached = String(await focused());
    }
    t.equal(reached, 'cam-front/offline', 'Tab from "Skip to the devices" reaches cam-front\'s Offline');
    await page.keyboard.press('Enter');
    await shows(t, toggle('cam-front', 'offline').and(page.locator('[aria-pressed="true"]')), 'Enter applied offline');
    t.match(await deviceRow('cam-front'), { faults: ['offline'] });
    t.equal(String(await focused()), 'cam-front/offline', 'focus stays on the button through the refresh');
    await shoot(page, 'keyboard');
    await page.keyboard.press('Space');
    await shows(t, toggle('cam-front', 'offline').and(page.locator('[aria-pressed="false"]')), 'Space cleared it');
    t.match(await deviceRow('cam-front'), { faults: [] });
  });

  t.test('factory reset and topology reset ask first, then do what the control plane does', async (t) => {
    await card('cam-backyard').getByRole('button', { name: 'Factory reset…' }).click();
    await shows(t, page.locator('#confirm-dialog[open]'), 'a confirmation opens');
    await page.getByRole('button', { name: 'Cancel' }).click();
    t.match(await deviceRow('cam-backyard'), { activated: true }, 'Cancel does nothing');
    await card('cam-backyard').getByRole('button', { name: 'Factory reset…' }).click();
    await page.locator('#confirm-ok').click();
    await shows(t, card('cam-backyard').locator('.pill', { hasText: 'Factory-fresh' }), 'cam-backyard shows factory-fresh');
    t.match(await deviceRow('cam-backyard'), { activated: false });

    await page.getByRole('button', { name: 'Reset topology…' }).click();
    await page.locator('#confirm-ok').click();
    await shows(t, card('cam-backyard').locator('.fact', { hasText: 'Activated' }).filter({ hasText: 'Yes' }), 'the topology is back at its start');
    await shows(t, page.locator('#mail-note', { hasText: 'No mail yet' }), 'and the mailbox is empty');
    await shows(t, channel('1', 'connected'), 'and channel 1 is certified again', 5000);
    t.match(await deviceRow('cam-backyard'), { activated: true });
  });

  t.test('checkpoints: save and restore from the page, live list, a refused name, delete', async (t) => {
    const panel = page.locator('#checkpoints');
    const entry = (name: string) => panel.locator(`li[data-checkpoint="${name}"]`);
    type Summary = { name: string; takenAt: string; devices: number; mails: number; faults: number };
    const listed = async () => (await fx.control('GET', '/__sim/checkpoints')).body as Summary[];

    await panel.getByLabel('Checkpoint name').fill('before-fault');
    await panel.getByRole('button', { name: 'Save checkpoint' }).click();
    await shows(t, entry('before-fault'), 'the saved checkpoint is listed');
    const [saved] = await listed();
    t.match(saved, { name: 'before-fault', devices: 5 }, 'the control plane has it');
    t.equal(await entry('before-fault').locator('time').getAttribute('datetime'), saved?.takenAt, 'with the virtual time it was taken at');
    t.match(await entry('before-fault').textContent(), `${saved?.devices} devices`, 'and what it holds');

    t.match(await fx.control('POST', '/__sim/devices/cam-front/faults', { type: 'power-off' }), { status: 201 }, 'cam-front powered off through the control plane');
    await shows(t, card('cam-front').locator('[data-field="power"]', { hasText: 'Power off' }), 'the page shows it');
    await panel.getByRole('button', { name: 'Restore checkpoint before-fault' }).click();
    await shows(t, page.locator('#confirm-dialog[open]', { hasText: 'Restore checkpoint before-fault?' }), 'restoring asks first');
    await page.locator('#confirm-ok').click();
    await shows(t, card('cam-front').locator('[data-field="power"]', { hasText: 'Power on' }), 'restored: cam-front shows power on again');
    t.match(await deviceRow('cam-front'), { power: 'on', faults: [] }, 'the control plane agrees');
    await shows(t, entry('before-fault'), 'the checkpoint is still listed');

    // Taken by another client: the checkpoint-taken event brings it.
    t.match(await fx.control('POST', '/__sim/checkpoints', { name: 'from-elsewhere' }), { status: 201 }, 'another client takes one');
    await shows(t, entry('from-elsewhere'), 'a checkpoint taken elsewhere shows without a reload');
    t.match(await fx.control('DELETE', '/__sim/checkpoints/from-elsewhere'), { status: 204 }, 'another client deletes it');
    await hides(t, entry('from-elsewhere'), 'and the checkpoint-deleted event takes it off the list');
    t.match(await fx.control('POST', '/__sim/checkpoints', { name: 'from-elsewhere' }), { status: 201 });
    await shows(t, entry('from-elsewhere'), 'taken again');
    await panel.locator('#checkpoint-name').focus();
    await panel.screenshot({ path: `${ARTIFACTS}checkpoints.png` });

    const refusal = await fx.control('POST', '/__sim/checkpoints', { name: 'bad name!' });
    t.equal(refusal.status, 400, 'the control plane refuses "bad name!"');
    await panel.getByLabel('Checkpoint name').fill('bad name!');
    await page.keyboard.press('Enter');
    await shows(t, page.locator('.toast-error', { hasText: (refusal.body as { error: { message: string } }).error.message }), 'a refused name shows the control plane\'s own message');
    t.equal(await panel.locator('#checkpoint-name').getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
    await shoot(page, 'checkpoint-refused');

    await panel.getByRole('button', { name: 'Delete checkpoint from-elsewhere' }).click();
    await page.locator('#confirm-ok').click();
    await hides(t, entry('from-elsewhere'), 'delete removes it from the list');
    t.same((await listed()).map((c) => c.name), ['before-fault'], 'and from the control plane');
    t.equal(await page.evaluate('document.activeElement?.id'), 'checkpoint-name', 'focus moves to the name field, not lost with the row');

    await panel.getByLabel('Checkpoint name').fill('before-fault');
    await page.keyboard.press('Enter');
    await shows(t, page.locator('#confirm-dialog[open]', { hasText: 'Replace checkpoint before-fault?' }), 'saving under a taken name asks first');
    await page.getByRole('button', { name: 'Cancel' }).click();
    t.same(await listed(), [saved], 'Cancel keeps the checkpoint as it was');
  });

  t.test('the OpenAPI badge follows the switch, a factory reset and a topology reset', async (t) => {
    const badge = (id: string) => card(id).locator('[data-field="openapi"]');
    const devices = (await fx.control('GET', '/__sim/devices')).body as { id: string; ports: { openapi?: number } }[];
    for (const device of devices) {
      t.type(device.ports.openapi, 'number', `${device.id} has OpenAPI on in the quickstart`);
      await shows(t, badge(device.id).filter({ hasText: `OpenAPI :${device.ports.openapi}` }), `${device.id} shows OpenAPI :${device.ports.openapi}`);
    }
    const backyard = fx.client('cam-backyard');
    t.match(await backyard.login(PASSWORD), { error_code: 0 }, 'logged in to cam-backyard\'s web API');
    t.match(await backyard.setOpenApi(false), { error_code: 0 }, 'OpenAPI switched off there');
    await hides(t, badge('cam-backyard'), 'switched off over the web API (openapi-switched): the badge goes');
    t.match(await backyard.setOpenApi(true), { error_code: 0 }, 'and on again');
    await shows(t, badge('cam-backyard'), 'switched on again: it is back');

    t.match(await fx.control('POST', '/__sim/devices/cam-lobby/factory-reset'), { status: 200 }, 'cam-lobby factory-reset through the control plane');
    await hides(t, badge('cam-lobby'), 'factory-reset from the control plane: the badge goes');
    t.equal(((await fx.control('GET', '/__sim/devices/cam-lobby')).body as { ports: { openapi?: number } }).ports.openapi, undefined, 'its row lists no OpenAPI port');
    await shows(t, badge('cam-front'), 'other devices keep theirs');
    await shoot(page, 'openapi');
    t.match(await fx.control('POST', '/__sim/reset'), { status: 200 }, 'the topology reset through the control plane');
    await shows(t, badge('cam-lobby'), 'brings the badge back');
  });

  t.test('Detect: a camera detects the chosen kind, journalled, pushed or not, shown in the log', async (t) => {
    type Detected = { type: string; deviceId: string; eventType: string; time: number; pushed: boolean };
    const journal = async () => (await fx.control('GET', '/__sim/events?types=detected')).body as Detected[];
    const kind = (id: string) => card(id).getByLabel(`What ${id} detects`);
    const detect = (id: string) => card(id).getByRole('button', { name: 'Detect', exact: true });
    t.same(await kind('cam-front').locator('option').evaluateAll((options) => options.map((o) => o.getAttribute('value')).sort()), [...detectionTypes].sort(), 'every kind the camera knows, by its wire name');
    t.equal(await kind('cam-front').inputValue(), 'PeopleDetection', 'a person by default');
    t.equal(await card('nvr-main').locator('[data-action="detect"]').isVisible(), false, 'an NVR card has no Detect');

    await kind('cam-front').selectOption({ label: 'Vehicle' });
    await detect('cam-front').click();
    await shows(t, page.locator('.toast', { hasText: 'cam-front detected VehicleDetection — pushed to OpenAPI subscribers' }), 'a toast says what was detected and that it was pushed');
    t.match(await journal(), [{ type: 'detected', deviceId: 'cam-front', eventType: 'VehicleDetection', time: Number, pushed: true }], 'the journal has the detection');
    await shows(t, page.locator('#event-log li.ev.tone-detection[data-type="detected"][data-device="cam-front"]', { hasText: 'VehicleDetection · pushed to OpenAPI subscribers' }), 'the event log shows it, summarised');
    await shoot(page, 'detect');

    t.match(await fx.control('POST', '/__sim/devices/cam-lobby/factory-reset'), { status: 200 }, 'cam-lobby factory-reset');
    await shows(t, card('cam-lobby').locator('.pill', { hasText: 'Factory-fresh' }), 'the page shows it');
    await detect('cam-lobby').click();
    await shows(t, page.locator('.toast', { hasText: 'cam-lobby detected PeopleDetection — not pushed (factory-fresh)' }), 'a factory-fresh camera detects but pushes nothing');
    t.match((await journal()).at(-1), { deviceId: 'cam-lobby', eventType: 'PeopleDetection', pushed: false });

    t.match(await fx.control('POST', '/__sim/devices/cam-garage/faults', { type: 'power-off' }), { status: 201 }, 'cam-garage powered off');
    await shows(t, card('cam-garage').locator('[data-field="power"]', { hasText: 'Power off' }), 'the page shows it');
    const refusal = await fx.control('POST', '/__sim/devices/cam-garage/detections', { type: 'PeopleDetection' });
    t.equal(refusal.status, 409, 'the control plane refuses a powered-off camera');
    await detect('cam-garage').click();
    await shows(t, page.locator('.toast-error', { hasText: (refusal.body as { error: { message: string } }).error.message }), 'the page shows the refusal');
    t.equal((await journal()).length, 2, 'and nothing more was journalled');
    t.match(await fx.control('POST', '/__sim/reset'), { status: 200 }, 'the topology reset');
  });

  t.test('narrow and dark', async (t) => {
    await page.setViewportSize({ width: 420, height: 900 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await shows(t, card('nvr-main'), 'the wall still shows');
    await shoot(page, 'narrow-dark', true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  t.test('no page errors, failed requests or console errors', async (t) => {
    t.same(problems, []);
  });

  t.test('with a token, the console asks once, then works, event stream included', async (t) => {
    const guarded = await startEmulator({ scenario: quickstartScenario(), control: { host: '127.0.0.1', port: 0 }, devicePorts: { http: 0, https: 0 }, ...privateDiscoveryPorts(), token: 'console-t0ken' });
    t.teardown(() => guarded.close());
    const { page: tokenPage, problems: tokenProblems } = await openConsole(browser, guarded.controlUrl, false);
    await shows(t, tokenPage.locator('#token-dialog[open]'), 'the page loads without the token and asks for it');
    await tokenPage.getByLabel(/^Token/).fill('console-t0ken');
    await tokenPage.keyboard.press('Enter');
    await shows(t, tokenPage.locator('#connection[data-state="live"]'), 'the event stream opens with the token', 5000);
    await shows(t, tokenPage.locator('article[data-device="nvr-main"]'), 'the wall loads');
    const control = (method: string, path: string, body?: unknown) => fetch(`${guarded.controlUrl}${path}`, {
      method, headers: { authorization: 'Bearer console-t0ken', ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    t.equal((await control('POST', '/__sim/devices/cam-garage/faults', { type: 'power-off' })).status, 201);
    await shows(t, tokenPage.locator('article[data-device="cam-garage"] [data-field="power"]', { hasText: 'Power off' }), 'live updates arrive over the token-carrying socket');
    t.equal(await tokenPage.evaluate("sessionStorage.getItem('vigi-sim.token')"), 'console-t0ken', 'kept in sessionStorage');
    await shoot(tokenPage, 'token');
    t.same(tokenProblems.filter((p) => !p.includes('/__sim/')), [], 'no page errors');
    await tokenPage.close();
  });
}
