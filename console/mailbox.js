// The embedded mailbox: newest first, each mail opened in a dialog. Mail HTML is shown only in
// a sandboxed frame (sandbox="": no script, no same origin), never put into the page.

import { byId, codeIn, formatDateTime, formatTime, h, setChildren, setText } from './dom.js';
import { openModal } from './dialogs.js';

/**
 * The frame inherits the console's CSP, which refuses inline styles: drop them first, so the
 * browser has nothing to refuse (and to report). Only cosmetic: the sandbox is what keeps the
 * mail's HTML harmless, not this.
 */
function withoutInlineStyles(html) {
  return String(html)
    .replace(/<style\b[\s\S]*?<\/style\s*>/gi, '')
    .replace(/\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '');
}

export class Mailbox {
  constructor() {
    this.list = byId('mail-list');
    this.count = byId('mail-count');
    this.note = byId('mail-note');
    this.dialog = byId('mail-dialog');
    this.items = new Map();
    this.mails = [];
    this.loaded = false;
    for (const view of ['text', 'html', 'source']) {
      byId(`mail-view-${view}`).addEventListener('click', () => this.show(view));
    }
  }

  /** `mails` from GET /__sim/mail, or `{ external: message }` when mail goes elsewhere (409). */
  update(mails) {
    if (!Array.isArray(mails)) {
      this.note.hidden = false;
      setText(this.note, mails.external);
      this.list.replaceChildren();
      setText(this.count, '');
      byId('mail-empty').disabled = true;
      return;
    }
    byId('mail-empty').disabled = mails.length === 0;
    this.mails = mails;
    this.note.hidden = mails.length > 0;
    setText(this.note, 'No mail yet. Ask a camera to send a verification code, or scan its QR as the VIGI app.');
    setText(this.count, String(mails.length));
    const keep = new Set();
    let previous = null;
    for (const mail of mails) {
      // Ids start again after a topology reset; the arrival date tells those apart.
      const key = `${mail.id}@${mail.date}`;
      keep.add(key);
      let item = this.items.get(key);
      if (!item) {
        item = this.build(mail);
        if (this.loaded) item.classList.add('is-new');
        this.items.set(key, item);
      }
      const expected = previous ? previous.nextElementSibling : this.list.firstElementChild;
      if (expected !== item) {
        if (previous) previous.after(item);
        else this.list.prepend(item);
      }
      previous = item;
    }
    for (const [key, item] of this.items) {
      if (!keep.has(key)) {
        item.remove();
        this.items.delete(key);
      }
    }
    this.loaded = true;
  }

  build(mail) {
    const code = codeIn(mail.text);
    const when = Date.parse(mail.date);
    return h('li', { class: 'mail-row', dataset: { mailId: mail.id } },
      h('button', { type: 'button', class: 'mail-item', onclick: () => this.open(mail) },
        h('span', { class: 'mail-subject' }, mail.subject || '(no subject)'),
        h('span', { class: 'mail-meta' },
          h('span', { class: 'mail-to' }, `To ${mail.to}`),
          h('time', { datetime: mail.date, title: formatDateTime(when) }, formatTime(when))),
        code ? h('span', { class: 'chip chip-code', 'aria-label': `code ${code}` }, code) : null));
  }

  open(mail) {
    this.current = mail;
    setText(byId('mail-subject'), mail.subject || '(no subject)');
    setChildren(byId('mail-headers'),
      h('dt', {}, 'From'), h('dd', {}, mail.from),
      h('dt', {}, 'To'), h('dd', {}, mail.to),
      h('dt', {}, 'Received'), h('dd', {}, formatDateTime(Date.parse(mail.date))));
    const code = codeIn(mail.text);
    const callout = byId('mail-code');
    callout.hidden = !code;
    setText(byId('mail-code-value'), code);
    byId('mail-view-html').disabled = !mail.html;
    byId('mail-view-source').disabled = !mail.html;
    this.show('text');
    openModal(this.dialog);
    byId('mail-close').focus();
  }

  show(view) {
    const mail = this.current;
    if (!mail) return;
    for (const name of ['text', 'html', 'source']) byId(`mail-view-${name}`).setAttribute('aria-pressed', String(name === view));
    const body = byId('mail-body');
    if (view === 'html') {
      // sandbox="" : the mail runs no script and gets an opaque origin.
      const frame = h('iframe', { sandbox: '', title: 'The mail as HTML (sandboxed)', class: 'mail-frame', referrerpolicy: 'no-referrer' });
      frame.srcdoc = withoutInlineStyles(mail.html);
      body.replaceChildren(frame);
    } else {
      body.replaceChildren(h('pre', { class: 'mail-text', tabindex: '0' }, view === 'source' ? mail.html : mail.text));
    }
  }
}
