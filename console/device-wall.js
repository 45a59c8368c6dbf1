// The device wall: one card per device, built once and updated in place, so a refresh never
// moves keyboard focus or loses what was typed in a field.

import { h, setChildren, setText } from './dom.js';

/** The device faults the wall toggles, in the order shown. */
const TOGGLES = [
  { type: 'power-off', label: 'Power-off', hint: 'Stops answering and loses what it keeps in RAM' },
  { type: 'offline', label: 'Offline', hint: 'Network cable cut: connections reset, RAM kept' },
  { type: 'no-internet', label: 'No internet', hint: 'LAN works; Send Code needs the app path' },
  { type: 'mdns-silent', label: 'mDNS silent', hint: 'Stops answering mDNS; the web API still answers' },
];

/**
 * What a camera can be told it saw (`POST /__sim/devices/<id>/detections`), with a name for
 * people; the values are the wire names of devices/camera/camera-detection.ts `detectionTypes`.
 */
const DETECTIONS = [
  { type: 'PeopleDetection', label: 'Person' },
  { type: 'VehicleDetection', label: 'Vehicle' },
  { type: 'MotionDetection', label: 'Motion' },
  { type: 'CrossLineDetection', label: 'Line crossing' },
  { type: 'InvasionDetection', label: 'Intrusion' },
  { type: 'AreaEntryDetection', label: 'Area entry' },
  { type: 'AreaLeaveDetection', label: 'Area exit' },
  { type: 'LoiterDetection', label: 'Loitering' },
  { type: 'DropAndTakeDetection', label: 'Object left or taken' },
  { type: 'TamperDetection', label: 'Tampering' },
  { type: 'SceneChangeDetection', label: 'Scene change' },
  { type: 'AudioAnomalyDetection', label: 'Audio anomaly' },
];
const DEFAULT_DETECTION = 'PeopleDetection';

const CERTIFICATION = {
  connected: { text: 'Connected', tone: 'ok' },
  offline: { text: 'Offline', tone: 'off' },
  'not-certified': { text: 'Not certified', tone: 'warn' },
  unknown: { text: 'Unknown', tone: 'muted' },
};

function certificationPill(status) {
  const known = CERTIFICATION[status] ?? { text: status, tone: 'muted' };
  return h('span', { class: `pill pill-${known.tone}` }, known.text);
}

/**
 * `ports.openapi` is listed only while the device has VIGI OpenAPI switched on, so the badge
 * comes and goes with the switch (`openapi-switched`, `factory-reset`).
 */
function openApiBadge(device) {
  const port = device.ports.openapi;
  if (port === undefined) return null;
  return h('span', { class: 'pill pill-accent', dataset: { field: 'openapi' }, title: `VIGI OpenAPI is switched on: HTTPS on port ${port} of ${device.ip}` }, `OpenAPI :${port}`);
}

export class DeviceWall {
  /**
   * actions.toggleFault(device, type, apply, ms): Promise; actions.factoryReset(device): Promise;
   * actions.detect(device, type): Promise.
   */
  constructor(root, actions) {
    this.root = root;
    this.actions = actions;
    this.cards = new Map();
    this.devices = [];
    this.faults = [];
  }

  setDevices(devices) {
    this.devices = devices;
    this.render();
  }

  setFaults(faults) {
    this.faults = faults;
    this.render();
  }

  nameOf(uuid) {
    return this.devices.find((d) => d.uuid === uuid);
  }

  render() {
    const seen = new Set();
    const nvrOf = new Map();
    for (const nvr of this.devices.filter((d) => d.kind === 'nvr')) {
      for (const channel of nvr.channels ?? []) nvrOf.set(channel.uuid || channel.ip, { nvr, channel });
    }
    let previous = null;
    for (const device of this.devices) {
      seen.add(device.id);
      let card = this.cards.get(device.id);
      if (!card) {
        card = this.build(device);
        this.cards.set(device.id, card);
      }
      // Keep the scenario's order without re-inserting cards that are already in place.
      const expected = previous ? previous.el.nextElementSibling : this.root.firstElementChild;
      if (expected !== card.el) {
        if (previous) previous.el.after(card.el);
        else this.root.prepend(card.el);
      }
      this.update(card, device, nvrOf.get(device.uuid) ?? nvrOf.get(device.ip));
      previous = card;
    }
    for (const [id, card] of this.cards) {
      if (!seen.has(id)) {
        card.el.remove();
        this.cards.delete(id);
      }
    }
  }

  build(device) {
    const id = device.id;
    const titleId = `device-${id}-title`;
    const latencyId = `device-${id}-latency-ms`;
    const detectionId = `device-${id}-detection`;
    const card = { device };
    card.title = h('h3', { class: 'card-title', id: titleId });
    card.sub = h('p', { class: 'card-sub' });
    card.power = h('span', { class: 'pill' });
    card.address = h('dd', {});
    card.activated = h('dd', {});
    card.internet = h('dd', {});
    card.relation = h('dd', {});
    card.relationLabel = h('dt', {}, 'NVR');
    card.relationRow = h('div', { class: 'fact' }, card.relationLabel, card.relation);
    card.faultList = h('dd', { class: 'chips' });
    card.identity = h('dd', { class: 'identity' });
    card.toggles = new Map();
    const toggle = (type, label, hint) => {
      const button = h('button', {
        type: 'button', class: 'toggle', 'aria-pressed': 'false', title: hint, dataset: { fault: type },
        onclick: () => this.onToggle(card, type),
      }, label);
      card.toggles.set(type, button);
      return button;
    };
    card.latencyInput = h('input', { id: latencyId, type: 'number', min: '1', max: '60000', step: '1', value: '200', inputmode: 'numeric', class: 'latency-ms' });
    card.latencyInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.onToggle(card, 'latency', true);
      }
    });
    card.detectionSelect = h('select', { id: detectionId, class: 'detection-kind', dataset: { field: 'detection' } },
      DETECTIONS.map((d) => h('option', { value: d.type, selected: d.type === DEFAULT_DETECTION }, d.label)));
    card.detectButton = h('button', {
      type: 'button', dataset: { action: 'detect' }, title: 'The camera journals it and pushes it to OpenAPI subscribeMsg listeners, unless that kind\'s msg_push is off',
      onclick: () => this.onDetect(card),
    }, 'Detect');
    // Built on every card, like the channel table, and shown on cameras only: NVRs detect nothing.
    card.detection = h('span', { class: 'detection', role: 'group', 'aria-label': `Detection on ${id}` },
      h('label', { for: detectionId, class: 'visually-hidden' }, `What ${id} detects`),
      card.detectionSelect,
      card.detectButton);
    card.channels = h('tbody', {});
    card.channelTable = h('table', { class: 'channels' },
      h('caption', {}, 'NVR channels'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Ch'), h('th', { scope: 'col' }, 'Camera'), h('th', { scope: 'col' }, 'Address'), h('th', { scope: 'col' }, 'Certification'))),
      card.channels);
    card.resetButton = h('button', { type: 'button', class: 'button-danger subtle', onclick: () => this.onFactoryReset(card) }, 'Factory reset…');
    card.el = h('article', { class: 'card', dataset: { device: id, kind: device.kind }, 'aria-labelledby': titleId },
      h('header', { class: 'card-head' }, h('div', { class: 'card-heading' }, card.title, card.sub), card.power),
      h('dl', { class: 'facts' },
        h('div', { class: 'fact fact-wide' }, h('dt', {}, 'Address'), card.address, card.identity),
        h('div', { class: 'fact' }, h('dt', {}, 'Activated'), card.activated),
        h('div', { class: 'fact' }, h('dt', {}, 'Internet'), card.internet),
        card.relationRow,
        h('div', { class: 'fact fact-wide' }, h('dt', {}, 'Faults in force'), card.faultList)),
      card.channelTable,
      h('div', { class: 'card-actions', role: 'group', 'aria-label': `Faults, detection and reset of ${id}` },
        TOGGLES.map((t) => toggle(t.type, t.label, t.hint)),
        h('span', { class: 'latency' },
          toggle('latency', 'Latency', 'Every request waits this long first'),
          h('label', { for: latencyId, class: 'visually-hidden' }, `Latency of ${id} in milliseconds`),
          card.latencyInput,
          h('span', { class: 'unit', 'aria-hidden': 'true' }, 'ms')),
        card.detection,
        card.resetButton));
    return card;
  }

  update(card, device, membership) {
    card.device = device;
    const kind = device.kind === 'nvr' ? 'NVR' : 'Camera';
    card.el.classList.toggle('is-off', device.power === 'off');
    card.el.classList.toggle('is-offline', device.faults.includes('offline'));
    setText(card.title, device.name || device.id);
    setChildren(card.sub, h('code', {}, device.id), ` · ${kind} ${device.model}`);
    setText(card.power, device.power === 'on' ? 'Power on' : 'Power off');
    card.power.className = `pill ${device.power === 'on' ? 'pill-ok' : 'pill-bad'}`;
    card.power.dataset.field = 'power';
    setChildren(card.address, h('code', { class: 'ip' }, device.ip), h('span', { class: 'ports' }, `https ${device.ports.https}`), h('span', { class: 'ports' }, `http ${device.ports.http}`), openApiBadge(device));
    setChildren(card.activated, device.activated ? 'Yes' : h('span', { class: 'pill pill-warn' }, 'Factory-fresh'));
    setChildren(card.internet, device.internet ? 'Yes' : h('span', { class: 'pill pill-warn' }, 'No internet'));
    if (device.kind === 'nvr') {
      const channels = device.channels ?? [];
      const connected = channels.filter((c) => c.certification === 'connected').length;
      setText(card.relationLabel, 'Channels');
      setChildren(card.relation, `${connected} of ${channels.length} connected`);
    } else if (membership) {
      setText(card.relationLabel, 'NVR');
      setChildren(card.relation, `${membership.nvr.id} ch ${membership.channel.id} `, certificationPill(membership.channel.certification));
    } else {
      setText(card.relationLabel, 'NVR');
      setChildren(card.relation, h('span', { class: 'muted' }, 'Not added'));
    }
    const registry = this.faults.filter((f) => f.device === device.id);
    const chips = device.faults.map((type) => {
      const entry = registry.find((f) => f.type === type);
      const label = type === 'latency' && entry?.ms ? `latency ${entry.ms} ms` : type;
      return h('span', { class: 'chip chip-fault', title: entry?.explain ?? 'from the device state' }, label);
    });
    setChildren(card.faultList, chips.length > 0 ? chips : h('span', { class: 'muted' }, 'None'));
    setText(card.identity, `${device.mac} · fw ${device.firmware}${device.lan && device.lan !== 'default' ? ` · LAN ${device.lan}` : ''}`);
    for (const [type, button] of card.toggles) button.setAttribute('aria-pressed', String(device.faults.includes(type)));
    const latency = registry.find((f) => f.type === 'latency');
    if (latency?.ms && document.activeElement !== card.latencyInput) card.latencyInput.value = String(latency.ms);
    card.channelTable.hidden = device.kind !== 'nvr';
    card.detection.hidden = device.kind !== 'camera';
    if (device.kind === 'nvr') {
      const rows = (device.channels ?? []).map((channel) => {
        const camera = this.devices.find((d) => d.uuid === channel.uuid) ?? this.devices.find((d) => d.ip === channel.ip);
        return h('tr', { dataset: { channel: channel.id, certification: channel.certification } },
          h('td', {}, channel.id),
          h('td', {}, camera ? camera.id : channel.name),
          h('td', { class: 'mono' }, channel.ip),
          h('td', {}, certificationPill(channel.certification)));
      });
      setChildren(card.channels, rows.length > 0 ? rows : h('tr', {}, h('td', { colspan: '4', class: 'muted' }, 'No channels')));
    }
  }

  async onToggle(card, type, forceApply = false) {
    const button = card.toggles.get(type);
    if (!button || button.getAttribute('aria-busy') === 'true') return;
    const active = card.device.faults.includes(type);
    const apply = forceApply || !active;
    let ms;
    if (type === 'latency' && apply) {
      ms = Math.round(Number(card.latencyInput.value));
      if (!Number.isFinite(ms) || ms < 1 || ms > 60000) {
        card.latencyInput.setCustomValidity('1 to 60000 ms');
        card.latencyInput.reportValidity();
        return;
      }
      card.latencyInput.setCustomValidity('');
    }
    button.setAttribute('aria-busy', 'true');
    try {
      await this.actions.toggleFault(card.device, type, apply, ms);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  async onDetect(card) {
    if (card.detectButton.getAttribute('aria-busy') === 'true') return;
    card.detectButton.setAttribute('aria-busy', 'true');
    try {
      await this.actions.detect(card.device, card.detectionSelect.value);
    } finally {
      card.detectButton.removeAttribute('aria-busy');
    }
  }

  async onFactoryReset(card) {
    await this.actions.factoryReset(card.device);
  }
}
