// The support desk (what a TP-Link agent reads from a support QR) and the VIGI app's scan of a
// camera's QR. A QR image is decoded in the browser with jsQR, loaded on first use.

import { api } from './api.js';
import { byId, formatDuration, h, setChildren } from './dom.js';
import { toast } from './toasts.js';

let jsqr = null;

function loadJsQR() {
  jsqr ??= new Promise((resolve, reject) => {
    if (typeof window.jsQR === 'function') {
      resolve(window.jsQR);
      return;
    }
    const script = h('script', { src: 'vendor/jsQR.js' });
    script.addEventListener('load', () => (typeof window.jsQR === 'function' ? resolve(window.jsQR) : reject(new Error('jsQR did not load.'))));
    script.addEventListener('error', () => {
      jsqr = null;
      reject(new Error('The QR reader (vendor/jsQR.js) is not available here; paste the QR payload instead.'));
    });
    document.head.append(script);
  });
  return jsqr;
}

/** The text of the first QR code in an image file. */
async function decodeQrImage(file) {
  const reader = await loadJsQR();
  const bitmap = await createImageBitmap(file);
  try {
    // Small renderings (a few pixels per module) read better scaled up, without smoothing.
    const scale = Math.max(1, Math.min(8, Math.floor(600 / Math.max(bitmap.width, bitmap.height))));
    const canvas = h('canvas', { width: String(bitmap.width * scale), height: String(bitmap.height * scale) });
    const context = canvas.getContext('2d', { willReadFrequently: true });
    context.imageSmoothingEnabled = false;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = reader(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
    if (!found?.data) throw new Error(`No QR code found in ${file.name || 'the image'}.`);
    return found.data;
  } finally {
    bitmap.close?.();
  }
}

export class SupportDesk {
  /** deviceByUuid(uuid) names the camera a QR belongs to. */
  constructor(deviceByUuid) {
    this.deviceByUuid = deviceByUuid;
    this.payload = byId('qr-payload');
    this.result = byId('support-result');
    this.drop = byId('qr-drop');
    this.status = byId('qr-status');
    byId('support-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.supportCode();
    });
    byId('app-scan').addEventListener('click', () => void this.appScan());
    this.payload.addEventListener('input', () => setChildren(this.status));
    byId('qr-file').addEventListener('change', (event) => {
      const file = event.target.files?.[0];
      if (file) void this.readImage(file);
      event.target.value = '';
    });
    this.drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.drop.classList.add('is-dragging');
    });
    this.drop.addEventListener('dragleave', () => this.drop.classList.remove('is-dragging'));
    this.drop.addEventListener('drop', (event) => {
      event.preventDefault();
      this.drop.classList.remove('is-dragging');
      const file = [...(event.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) void this.readImage(file);
    });
    // A screenshot pasted anywhere in the support desk is read as a QR image.
    byId('support').addEventListener('paste', (event) => {
      const file = [...(event.clipboardData?.files ?? [])].find((f) => f.type.startsWith('image/'));
      if (file) {
        event.preventDefault();
        void this.readImage(file);
      }
    });
  }

  async readImage(file) {
    setChildren(this.status, 'Reading the QR image…');
    try {
      const text = await decodeQrImage(file);
      this.payload.value = text;
      setChildren(this.status, h('span', { class: 'ok-text' }, `Read a QR code (${text.length} characters) from ${file.name || 'the image'}.`));
    } catch (error) {
      setChildren(this.status, h('span', { class: 'error-text' }, error.message));
    }
  }

  qrcode() {
    const qrcode = this.payload.value.trim();
    if (!qrcode) {
      this.payload.setCustomValidity('Paste a QR payload or choose a QR image first.');
      this.payload.reportValidity();
      this.payload.setCustomValidity('');
      return '';
    }
    return qrcode;
  }

  device(uuid) {
    const device = this.deviceByUuid(uuid);
    return device ? `${device.name} (${device.id})` : uuid;
  }

  async supportCode() {
    const qrcode = this.qrcode();
    if (!qrcode) return;
    try {
      const reply = await api('POST', '/__sim/cloud/support/code', { qrcode });
      const digits = String(reply.code);
      setChildren(this.result,
        h('div', { class: 'result result-ok' },
          h('p', { class: 'result-label' }, 'Support code for ', h('strong', {}, this.device(reply.device_uuid))),
          h('output', { class: 'support-code', id: 'support-code', 'aria-label': `Support code ${digits}` }, digits),
          h('p', { class: 'muted' }, `Valid for ${formatDuration(reply.expire_in * 1000)} more on the virtual clock. Enter it on the camera with support_code_check.`)));
    } catch (error) {
      this.fail(error);
    }
  }

  async appScan() {
    const qrcode = this.qrcode();
    if (!qrcode) return;
    try {
      const reply = await api('POST', '/__sim/cloud/app/scan', { qrcode });
      setChildren(this.result,
        h('div', { class: 'result result-ok' },
          h('p', { class: 'result-label' }, 'The VIGI app scanned the QR of ', h('strong', {}, this.device(reply.device_uuid))),
          h('p', {}, `The cloud mailed a verification code to ${reply.to}. It appears in the mailbox.`)));
      toast(`Code mailed to ${reply.to}`);
    } catch (error) {
      this.fail(error);
    }
  }

  fail(error) {
    const code = error?.body?.error?.code;
    setChildren(this.result, h('div', { class: 'result result-error', role: 'alert' },
      h('p', { class: 'result-label' }, code ? `Refused (${code})` : 'Refused'),
      h('p', {}, error.message)));
  }
}
