// The live event log: newest first, filtered by type and device, at most MAX_ENTRIES kept.

import { byId, formatDateTime, formatTime, h, setText } from './dom.js';

const MAX_ENTRIES = 500;
const SHOWN_FIELDS_SKIP = new Set(['type', 'deviceId', 'at', 'seq']);

/** A colour family per event type, for a quick scan of the log. */
function toneOf(type) {
  if (type === 'detected' || type === 'message-push-switched') return 'detection';
  if (type.startsWith('fault-')) return 'fault';
  if (type.startsWith('mail-') || type === 'verification-code-sent') return 'mail';
  if (type.startsWith('powered-') || type === 'factory-reset' || type === 'topology-reset') return 'power';
  if (type.startsWith('channel-')) return 'channel';
  if (type.includes('password') || type.includes('activated') || type.includes('code')) return 'secure';
  if (type.startsWith('login') || type.startsWith('logged')) return 'login';
  return 'other';
}

/** A sentence for the types worth reading at a glance; the raw fields stay in the tooltip. */
const SUMMARIES = {
  detected: (e) => `${e.eventType} · ${e.pushed ? 'pushed to OpenAPI subscribers' : 'not pushed'}`,
  'message-push-switched': (e) => `${e.eventType} msg_push ${e.enabled ? 'on' : 'off'}`,
};

function detailOf(entry) {
  return Object.entries(entry)
    .filter(([key]) => !SHOWN_FIELDS_SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('  ');
}

export class EventLog {
  constructor() {
    this.list = byId('event-log');
    this.typeFilter = byId('event-type');
    this.deviceFilter = byId('event-device');
    this.count = byId('event-count');
    this.entries = [];
    this.types = new Set();
    this.devices = new Set();
    this.typeFilter.addEventListener('change', () => this.redraw());
    this.deviceFilter.addEventListener('change', () => this.redraw());
    byId('event-clear').addEventListener('click', () => {
      this.entries = [];
      this.redraw();
    });
  }

  matches(entry) {
    const type = this.typeFilter.value;
    const device = this.deviceFilter.value;
    return (!type || entry.type === type) && (!device || entry.deviceId === device);
  }

  /** Adds entries (oldest first), as they arrive. */
  add(...entries) {
    for (const entry of entries) {
      this.entries.push(entry);
      this.remember(this.types, this.typeFilter, entry.type);
      this.remember(this.devices, this.deviceFilter, entry.deviceId);
      if (this.matches(entry)) this.list.prepend(this.row(entry));
    }
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    while (this.list.children.length > MAX_ENTRIES) this.list.lastElementChild?.remove();
    this.counter();
  }

  /** Lists every device in the device filter, even before it has an event. */
  knowDevices(ids) {
    for (const id of ids) this.remember(this.devices, this.deviceFilter, id);
  }

  remember(set, select, value) {
    if (!value || set.has(value)) return;
    set.add(value);
    const options = [...select.options].slice(1);
    const option = h('option', { value }, value);
    const after = options.find((o) => o.value.localeCompare(value) > 0);
    if (after) after.before(option);
    else select.append(option);
  }

  /** A note in the log itself (reconnects, restarts), not from the journal. */
  note(text) {
    this.list.prepend(h('li', { class: 'ev ev-note' }, h('span', { class: 'ev-detail' }, text)));
  }

  redraw() {
    const rows = this.entries.filter((e) => this.matches(e)).reverse().map((e) => this.row(e));
    this.list.replaceChildren(...rows);
    this.counter();
  }

  counter() {
    const shown = this.list.querySelectorAll('li.ev:not(.ev-note)').length;
    setText(this.count, shown === this.entries.length ? `${shown} events` : `${shown} of ${this.entries.length} events`);
  }

  row(entry) {
    const detail = detailOf(entry);
    const summary = SUMMARIES[entry.type]?.(entry) ?? detail;
    return h('li', { class: `ev tone-${toneOf(entry.type)}`, dataset: { type: entry.type, device: entry.deviceId ?? '' } },
      h('time', { class: 'ev-time', datetime: new Date(entry.at).toISOString(), title: `${formatDateTime(entry.at)} (virtual) · #${entry.seq}` }, formatTime(entry.at)),
      h('span', { class: 'ev-type' }, entry.type),
      h('span', { class: 'ev-device' }, entry.deviceId ?? ''),
      h('span', { class: 'ev-detail', title: detail }, summary));
  }
}
