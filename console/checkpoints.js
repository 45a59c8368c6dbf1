// Named checkpoints of the whole topology (/__sim/checkpoints): save one after a set-up, go
// back to it later. The list is updated in place, so a live refresh never moves focus.

import { api, ApiError } from './api.js';
import { confirmAction } from './dialogs.js';
import { byId, formatDateTime, h, setText } from './dom.js';
import { toast, toastError } from './toasts.js';

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "5 devices · 1 mail · 0 faults": what a checkpoint holds. */
function contentsOf(summary) {
  return `${plural(summary.devices, 'device')} · ${plural(summary.mails, 'mail')} · ${plural(summary.faults, 'fault')}`;
}

export class CheckpointsPanel {
  /** onRestored(): the devices, mailbox and faults changed under the page; re-read them. */
  constructor({ onRestored }) {
    this.onRestored = onRestored;
    this.form = byId('checkpoint-form');
    this.name = byId('checkpoint-name');
    this.list = byId('checkpoint-list');
    this.count = byId('checkpoint-count');
    this.note = byId('checkpoint-note');
    this.rows = new Map();
    this.summaries = [];
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.name.addEventListener('input', () => this.name.removeAttribute('aria-invalid'));
  }

  async load() {
    try {
      this.update(await api('GET', '/__sim/checkpoints'));
    } catch (error) {
      // An embedding without checkpoints (the route is optional in the control plane).
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      this.unavailable();
    }
  }

  unavailable() {
    for (const control of this.form.elements) control.disabled = true;
    this.update([]);
    setText(this.note, 'This emulator keeps no checkpoints.');
  }

  /** `summaries` from GET /__sim/checkpoints (oldest first); shown newest first. */
  update(summaries) {
    this.summaries = summaries;
    const newestFirst = summaries.map((s, i) => ({ s, i })).sort((a, b) => Date.parse(b.s.takenAt) - Date.parse(a.s.takenAt) || b.i - a.i).map((x) => x.s);
    this.note.hidden = summaries.length > 0;
    setText(this.note, 'None yet. Name the state the topology is in now, and save it.');
    setText(this.count, summaries.length > 0 ? String(summaries.length) : '');
    const focusWasIn = this.list.contains(document.activeElement) ? document.activeElement.closest('li') : null;
    const keep = new Set();
    let previous = null;
    for (const summary of newestFirst) {
      keep.add(summary.name);
      let row = this.rows.get(summary.name);
      if (!row) {
        row = this.build(summary.name);
        this.rows.set(summary.name, row);
      }
      this.fill(row, summary);
      const expected = previous ? previous.el.nextElementSibling : this.list.firstElementChild;
      if (expected !== row.el) {
        if (previous) previous.el.after(row.el);
        else this.list.prepend(row.el);
      }
      previous = row;
    }
    for (const [name, row] of this.rows) {
      if (!keep.has(name)) {
        row.el.remove();
        this.rows.delete(name);
      }
    }
    // The row holding focus went away (deleted here or elsewhere): keep focus in the panel.
    if (focusWasIn && !focusWasIn.isConnected) this.name.focus();
  }

  build(name) {
    const row = { name };
    row.time = h('time', { class: 'checkpoint-time' });
    row.contents = h('span', { class: 'checkpoint-contents' });
    row.el = h('li', { class: 'checkpoint-row', dataset: { checkpoint: name } },
      h('div', { class: 'checkpoint-info' },
        h('code', { class: 'checkpoint-name' }, name),
        h('span', { class: 'checkpoint-meta' }, row.time, row.contents)),
      h('div', { class: 'checkpoint-actions' },
        h('button', { type: 'button', 'aria-label': `Restore checkpoint ${name}`, onclick: () => this.restore(name) }, 'Restore…'),
        h('button', { type: 'button', class: 'button-danger subtle', 'aria-label': `Delete checkpoint ${name}`, onclick: () => this.remove(name) }, 'Delete…')));
    return row;
  }

  fill(row, summary) {
    const taken = Date.parse(summary.takenAt);
    setText(row.time, formatDateTime(taken));
    row.time.setAttribute('datetime', summary.takenAt);
    row.time.title = 'Virtual time it was taken at';
    setText(row.contents, contentsOf(summary));
  }

  async save() {
    // The control plane judges the name, so its own sentence is what the user reads.
    const name = this.name.value.trim();
    if (this.summaries.some((s) => s.name === name)) {
      const ok = await confirmAction({
        title: `Replace checkpoint ${name}?`,
        message: `A checkpoint named ${name} exists. Saving replaces it with the topology as it is now.`,
        confirmLabel: 'Replace',
      });
      if (!ok) return;
    }
    try {
      const summary = await api('POST', '/__sim/checkpoints', { name });
      this.name.value = '';
      toast(`Checkpoint ${summary.name} saved: ${contentsOf(summary)}`);
      this.update([...this.summaries.filter((s) => s.name !== summary.name), summary]);
    } catch (error) {
      this.name.setAttribute('aria-invalid', 'true');
      toastError(error);
    }
  }

  async restore(name) {
    const ok = await confirmAction({
      title: `Restore checkpoint ${name}?`,
      message: 'Every device, the mailbox and the faults go back to how they were when it was taken; connections are dropped and NVR channels probed again. The virtual clock and the event journal carry on.',
      confirmLabel: 'Restore',
    });
    if (!ok) return;
    try {
      await api('POST', `/__sim/checkpoints/${encodeURIComponent(name)}/restore`);
      toast(`The topology is back at checkpoint ${name}`);
      this.onRestored();
    } catch (error) {
      toastError(error);
      await this.load().catch(toastError);
    }
  }

  async remove(name) {
    const ok = await confirmAction({
      title: `Delete checkpoint ${name}?`,
      message: 'The topology stays as it is; only this saved point is forgotten.',
      confirmLabel: 'Delete',
    });
    if (!ok) return;
    try {
      await api('DELETE', `/__sim/checkpoints/${encodeURIComponent(name)}`);
      toast(`Checkpoint ${name} deleted`);
    } catch (error) {
      toastError(error);
    }
    // Read the list at once, without waiting for the checkpoint-deleted event (or after a refusal).
    await this.load().catch(toastError);
  }
}
