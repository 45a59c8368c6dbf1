import type { Clock } from '../kernel/clock.js';
import type { Mailer } from '../kernel/mailer.js';
import type { EventSink } from '../kernel/device-events.js';
import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import { deriveResetCode } from './reset-codes.js';
import { challengeOf, decodeResetQr, type ResetQrContent } from './reset-qr.js';
import { resetCodeMail } from './reset-code-mail.js';
import { maskEmail } from '../camera/mask-email.js';

/**
 * The parts of the reset flows that TP-Link runs: the cloud behind the VIGI app (scan a
 * camera's QR, mail the code) and the technical-support desk (read a QR, tell the code). Both
 * work from the QR code alone, as the real ones must for a camera without internet.
 */
export class TpLinkCloud {
  readonly #clock: Clock;
  readonly #mailer: Mailer;
  readonly #events: EventSink;

  constructor(ports: { clock: Clock; mailer: Mailer; events: EventSink }) {
    this.#clock = ports.clock;
    this.#mailer = ports.mailer;
    this.#events = ports.events;
  }

  #validQr(payload: unknown, purpose: ResetQrContent['purpose']): ResetQrContent | Refusal {
    const content = typeof payload === 'string' ? decodeResetQr(payload.trim()) : undefined;
    if (!content) return refuse('QR_INVALID');
    if (content.purpose !== purpose) {
      return refuse('QR_INVALID', purpose === 'app' ? 'This is a technical-support QR code; give it to a support agent.' : 'This QR code is for the VIGI app, not for technical support.');
    }
    if (this.#clock.now() >= content.issuedAt + content.validForMs) return refuse('CODE_EXPIRED', 'The QR code has expired: generate a new one on the device.');
    return content;
  }

  /** The VIGI app scanned the QR of a camera without internet: mail the code to its reset email. */
  async scanAppQr(payload: unknown): Promise<{ maskedTo: string; deviceUuid: string } | Refusal> {
    const content = this.#validQr(payload, 'app');
    if ('refused' in content) return content;
    if (!content.email) return refuse('QR_INVALID', 'The QR code carries no reset email.');
    const code = deriveResetCode(challengeOf(content));
    const mail = resetCodeMail({ to: content.email, code, deviceName: `VIGI ${content.model}`, model: content.model, validForMinutes: Math.round(content.validForMs / 60_000) });
    const at = this.#clock.now();
    try {
      await this.#mailer.send(mail);
    } catch (error) {
      this.#events.emit({ type: 'mail-failed', deviceId: 'tp-link-cloud', at, reason: String((error as Error).message ?? error) });
      return refuse('MAIL_SEND_FAILED', `The cloud could not send the reset mail: ${(error as Error).message}`);
    }
    this.#events.emit({ type: 'cloud-code-mailed', deviceId: 'tp-link-cloud', at, deviceUuid: content.uuid });
    return { maskedTo: maskEmail(content.email), deviceUuid: content.uuid };
  }

  /** A support agent read the technical-support QR: the code they give, while the QR is valid. */
  supportCode(payload: unknown): { code: string; expiresIn: number; deviceUuid: string } | Refusal {
    const content = this.#validQr(payload, 'support');
    if ('refused' in content) return content;
    const expiresIn = Math.ceil((content.issuedAt + content.validForMs - this.#clock.now()) / 1000);
    this.#events.emit({ type: 'support-code-given', deviceId: 'tp-link-support', at: this.#clock.now(), deviceUuid: content.uuid });
    return { code: deriveResetCode(challengeOf(content)), expiresIn, deviceUuid: content.uuid };
  }
}
