// The vigi-sim web console. Everything it shows and does goes through the public control plane
// (/__sim/...) and the event stream, so whatever it can do, a test or the CLI can do too.

import { api, ApiError, onTokenNeeded } from './api.js';
import { CheckpointsPanel } from './checkpoints.js';
import { askToken, confirmAction } from './dialogs.js';
import { DeviceWall } from './device-wall.js';
import { byId, formatDateTime, formatDuration, setText } from './dom.js';
import { EventLog } from './event-log.js';
import { EventStream } from './event-stream.js';
import { Mailbox } from './mailbox.js';
import { SupportDesk } from './support-desk.js';
import { toast, toastError } from './toasts.js';

onTokenNeeded(askToken);

const REFRESH_DELAY_MS = 150;
const SAFETY_POLL_MS = 20_000;

const state = { clock: null, clockFetchedAt: 0, globalFaults: [] };

// ---------------------------------------------------------------------------------------------
// Views

const wall = new DeviceWall(byId('wall'), {
  async toggleFault(device, type, apply, ms) {
    try {
      const path = `/__sim/devices/${encodeURIComponent(device.id)}/faults`;
      const row = apply
        ? await api('POST', path, { type, ...(ms !== undefined ? { ms } : {}) })
        : await api('DELETE', `${path}/${encodeURIComponent(type)}`);
      replaceDevice(row);
      toast(`${device.id}: ${type}${ms ? ` ${ms} ms` : ''} ${apply ? 'applied' : 'cleared'}`);
    } catch (error) {
      toastError(error);
    }
    refresh('faults');
  },
  async detect(device, type) {
    try {
      const detection = await api('POST', `/__sim/devices/${encodeURIComponent(device.id)}/detections`, { type });
      // A factory-fresh camera pushes nothing (OpenAPI needs its admin password), whatever its switches say.
      const why = device.activated ? 'msg_push off' : 'factory-fresh';
      toast(`${device.id} detected ${detection.eventType} — ${detection.pushed ? 'pushed to OpenAPI subscribers' : `not pushed (${why})`}`);
    } catch (error) {
      toastError(error);
    }
  },
  async factoryReset(device) {
    const ok = await confirmAction({
      title: `Factory reset ${device.id}?`,
      message: `${device.name || device.id} goes back to factory-fresh: its password, reset email and security questions are forgotten; its identity (MAC, serial, address) stays. Any NVR that added it will see it as not certified.`,
      confirmLabel: 'Factory reset',
    });
    if (!ok) return;
    try {
      replaceDevice(await api('POST', `/__sim/devices/${encodeURIComponent(device.id)}/factory-reset`));
      toast(`${device.id} is factory-fresh`);
    } catch (error) {
      toastError(error);
    }
  },
});

const mailbox = new Mailbox();
const log = new EventLog();
const checkpoints = new CheckpointsPanel({ onRestored: () => refresh('devices', 'faults', 'mail') });
new SupportDesk((uuid) => wall.nameOf(uuid));

function replaceDevice(row) {
  if (!row?.id) return;
  wall.setDevices(wall.devices.map((d) => (d.id === row.id ? row : d)));
}

// ---------------------------------------------------------------------------------------------
// Loading, debounced: events mark what they may have changed; one fetch per part serves a burst.

const loaders = {
  async devices() {
    const devices = await api('GET', '/__sim/devices');
    wall.setDevices(devices);
    log.knowDevices(devices.map((d) => d.id));
    setText(byId('device-count'), `${devices.length} ${devices.length === 1 ? 'device' : 'devices'} · ${devices.filter((d) => d.power === 'on').length} powered on`);
  },
  async faults() {
    const faults = await api('GET', '/__sim/faults');
    wall.setFaults(faults);
    const smtp = faults.find((f) => f.type === 'smtp-down' && !f.device);
    const button = byId('smtp-down');
    button.setAttribute('aria-pressed', String(Boolean(smtp)));
    button.title = smtp?.explain ?? 'Every mail hand-over fails while this is on';
  },
  async mail() {
    try {
      mailbox.update(await api('GET', '/__sim/mail'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) mailbox.update({ external: error.message });
      else throw error;
    }
  },
  async clock() {
    state.clock = await api('GET', '/__sim/clock');
    state.clockFetchedAt = Date.now();
    drawClock();
  },
  checkpoints: () => checkpoints.load(),
};

const pending = new Set();
let timer = null;
let running = false;

function refresh(...parts) {
  for (const part of parts) pending.add(part);
  if (!timer && !running) timer = setTimeout(flush, REFRESH_DELAY_MS);
}

async function flush() {
  timer = null;
  running = true;
  const parts = [...pending];
  pending.clear();
  const results = await Promise.allSettled(parts.map((part) => loaders[part]()));
  running = false;
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) console.warn('vigi-sim console: refresh failed', failed.reason);
  if (pending.size > 0) timer = setTimeout(flush, REFRESH_DELAY_MS);
}

/** What an event may have changed on screen. */
function partsFor(type) {
  switch (type) {
    case 'mail-delivered':
    case 'mail-failed':
      return ['mail', 'faults'];
    case 'clock-advanced':
      return ['clock', 'devices'];
    case 'topology-reset':
      return ['devices', 'faults', 'mail', 'clock'];
    // Another client may save, delete or restore one; a restore brings back a mailbox too.
    case 'checkpoint-taken':
    case 'checkpoint-deleted':
      return ['checkpoints'];
    case 'checkpoint-restored':
      return ['devices', 'faults', 'mail', 'checkpoints'];
    case 'fault-hit':
      return ['faults'];
    // A detection or a msg_push switch changes nothing the wall shows.
    case 'detected':
    case 'message-push-switched':
    case 'logged-in':
    case 'login-failed':
    case 'verification-code-sent':
    case 'mdns-announced':
    case 'mdns-goodbye':
      return [];
    default:
      return type.startsWith('fault-') ? ['devices', 'faults'] : ['devices'];
  }
}

// ---------------------------------------------------------------------------------------------
// Header: connection, clock, global controls

function setConnection(status, detail) {
  const el = byId('connection');
  el.dataset.state = status;
  const text = status === 'live' ? 'Live' : status === 'reconnecting' ? `Reconnecting in ${Math.max(1, Math.round(detail / 1000))} s` : 'Connecting…';
  setText(byId('connection-text'), text);
}

function drawClock() {
  if (!state.clock) return;
  const now = state.clock.nowMs + (Date.now() - state.clockFetchedAt);
  setText(byId('clock-now'), formatDateTime(now));
  byId('clock-now').setAttribute('datetime', new Date(now).toISOString());
  const offset = state.clock.offsetMs;
  setText(byId('clock-offset'), offset === 0 ? 'real time' : `${offset > 0 ? '+' : '−'}${formatDuration(offset)} ahead`);
}

async function advance(ms) {
  try {
    state.clock = await api('POST', '/__sim/clock/advance', { ms });
    state.clockFetchedAt = Date.now();
    drawClock();
    toast(`Virtual clock advanced by ${formatDuration(ms)}`);
  } catch (error) {
    toastError(error);
  }
}

byId('clock-plus-1').addEventListener('click', () => advance(60_000));
byId('clock-plus-5').addEventListener('click', () => advance(300_000));
byId('clock-custom').addEventListener('submit', (event) => {
  event.preventDefault();
  const amount = Number(byId('clock-custom-value').value);
  const unit = Number(byId('clock-custom-unit').value);
  if (!Number.isFinite(amount) || amount <= 0) {
    toast('Enter a positive amount to advance the clock by.', 'error');
    return;
  }
  void advance(Math.round(amount * unit));
});

byId('smtp-down').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  const on = button.getAttribute('aria-pressed') === 'true';
  try {
    if (on) await api('DELETE', '/__sim/faults/smtp-down');
    else await api('POST', '/__sim/faults', { type: 'smtp-down' });
    button.setAttribute('aria-pressed', String(!on));
    toast(on ? 'SMTP is back up' : 'SMTP is down: every mail hand-over fails');
  } catch (error) {
    toastError(error);
  }
  refresh('faults');
});

byId('topology-reset').addEventListener('click', async () => {
  const ok = await confirmAction({
    title: 'Reset the whole topology?',
    message: 'Every device returns to the scenario\'s start, the mailbox is emptied, every fault is cleared and the timeline starts again. Keys, certificates, the event journal and the virtual clock carry on.',
    confirmLabel: 'Reset topology',
  });
  if (!ok) return;
  try {
    await api('POST', '/__sim/reset');
    toast('The topology is back at the scenario\'s start');
  } catch (error) {
    toastError(error);
  }
  refresh('devices', 'faults', 'mail', 'clock');
});

byId('mail-empty').addEventListener('click', async () => {
  try {
    await api('DELETE', '/__sim/mail');
    toast('Mailbox emptied');
  } catch (error) {
    toastError(error);
  }
  refresh('mail');
});

// ---------------------------------------------------------------------------------------------
// Start: readiness, a first full load, the recent journal, then the live stream.

async function waitUntilReady() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await api('GET', '/__sim/health');
    } catch (error) {
      const wait = Math.min(5000, 250 * 2 ** Math.min(attempt, 5));
      setText(byId('connection-text'), error instanceof ApiError && error.status === 503 ? 'Emulator starting…' : 'Control plane unreachable');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function start() {
  setConnection('connecting');
  await waitUntilReady();
  await Promise.allSettled(Object.values(loaders).map((load) => load()));
  const stream = new EventStream({
    onEvent(entry) {
      log.add(entry);
      const parts = partsFor(entry.type);
      if (parts.length > 0) refresh(...parts);
    },
    onStatus: setConnection,
    onResumed() {
      log.note('Reconnected: caught up on missed events.');
      refresh('devices', 'faults', 'mail', 'clock', 'checkpoints');
    },
    onRestarted() {
      log.note('The emulator restarted: its journal began again.');
    },
  });
  try {
    const recent = await api('GET', '/__sim/events?limit=200');
    log.add(...recent);
    stream.lastSeq = recent.length > 0 ? recent[recent.length - 1].seq : 0;
  } catch (error) {
    toastError(error);
  }
  stream.start();
  document.body.dataset.ready = 'true';
  setInterval(drawClock, 1000);
  // A slow safety net for what no event announces (a mailbox emptied, a checkpoint deleted by
  // another client).
  setInterval(() => {
    if (document.visibilityState === 'visible') refresh('devices', 'faults', 'mail', 'clock', 'checkpoints');
  }, SAFETY_POLL_MS);
}

void start();
