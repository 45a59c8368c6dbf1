// Modal dialogs on <dialog>: focus moves in, Escape cancels, focus returns where it was.

import { byId, setText } from './dom.js';

function openModal(dialog) {
  const returnTo = document.activeElement;
  dialog.showModal();
  dialog.addEventListener('close', () => {
    if (returnTo instanceof HTMLElement && returnTo.isConnected) returnTo.focus();
  }, { once: true });
}

/** Resolves true when the user confirms. */
export function confirmAction({ title, message, confirmLabel }) {
  const dialog = byId('confirm-dialog');
  setText(byId('confirm-title'), title);
  setText(byId('confirm-message'), message);
  setText(byId('confirm-ok'), confirmLabel);
  dialog.returnValue = '';
  openModal(dialog);
  byId('confirm-cancel').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
  });
}

/** Asks for the control plane's token; resolves with what was typed. */
export function askToken(reason) {
  const dialog = byId('token-dialog');
  const input = byId('token-input');
  setText(byId('token-reason'), reason);
  input.value = '';
  dialog.returnValue = '';
  if (!dialog.open) openModal(dialog);
  input.focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? input.value.trim() : ''), { once: true });
  });
}

document.getElementById('token-cancel')?.addEventListener('click', () => document.getElementById('token-dialog')?.close('cancel'));

export { openModal };
