// Tiny DOM helpers. Text always goes in as text (never as HTML): device names, mail subjects
// and event details come from outside the page.

/**
 * h('button', { class: 'x', type: 'button', onclick: fn }, 'Label', child...)
 * Attributes with false, null or undefined are left out; `true` sets an empty attribute.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children, but only when what it would show changed (keeps text selections). */
export function setChildren(el, ...children) {
  const next = h('div', {}, ...children);
  if (next.innerHTML === el.innerHTML) return;
  el.replaceChildren(...next.childNodes);
}

export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) el.textContent = value;
}

export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`console: missing #${id}`);
  return el;
}

/** "1 h 2 min", "5 min", "42 s", "350 ms": for offsets and expiries. */
export function formatDuration(ms) {
  const abs = Math.abs(ms);
  if (abs < 1000) return `${Math.round(abs)} ms`;
  const s = Math.round(abs / 1000);
  const d = Math.floor(s / 86400), hr = Math.floor((s % 86400) / 3600), min = Math.floor((s % 3600) / 60), sec = s % 60;
  const parts = [];
  if (d) parts.push(`${d} d`);
  if (hr) parts.push(`${hr} h`);
  if (min) parts.push(`${min} min`);
  if (sec && !d) parts.push(`${sec} s`);
  return parts.slice(0, 2).join(' ');
}

const pad = (n) => String(n).padStart(2, '0');

/** Local date and time, 24 h, to the second: "2026-11-25 10:01:23". */
export function formatDateTime(ms) {
  const t = new Date(ms);
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${formatTime(ms)}`;
}

export function formatTime(ms) {
  const t = new Date(ms);
  return `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`;
}

/** The six-digit code in a reset mail, if there is one. */
export function codeIn(text) {
  return /\b(\d{6})\b/.exec(String(text ?? ''))?.[1] ?? '';
}
