// Short notices of what a button did, in a polite live region; errors are alerts.

import { byId, h } from './dom.js';

const MAX_TOASTS = 4;

export function toast(message, kind = 'info') {
  const region = byId('toasts');
  const item = h('div', { class: `toast toast-${kind}`, ...(kind === 'error' ? { role: 'alert' } : {}) },
    h('span', { class: 'toast-text', text: message }),
    h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×'));
  region.append(item);
  while (region.children.length > MAX_TOASTS) region.firstElementChild?.remove();
  setTimeout(() => item.remove(), kind === 'error' ? 9000 : 4500);
}

export function toastError(error) {
  toast(error instanceof Error ? error.message : String(error), 'error');
}
