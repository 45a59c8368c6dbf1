import type { Mailer, OutgoingMail } from '../../devices/kernel/mailer.js';
import type { FaultController } from './fault-controller.js';

/**
 * The mailer the devices and the cloud use: the real one, unless `smtp-down` strikes, in which
 * case the hand-over fails as it would against a dead server, so the device answers -20609
 * and nothing is mailed.
 */
export class FaultableMailer implements Mailer {
  readonly #inner: Mailer;
  readonly #faults: () => FaultController | undefined;

  constructor(inner: Mailer, faults: () => FaultController | undefined) {
    this.#inner = inner;
    this.#faults = faults;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const controller = this.#faults();
    const fault = controller?.registry.strikes('smtp-down');
    if (controller && fault) {
      controller.hit(fault, `mail to ${mail.to.replace(/^(.).*(@.*)$/, '$1***$2')} refused`);
      throw new Error(`421 the SMTP server is down (fault smtp-down, applied by ${fault.source})`);
    }
    await this.#inner.send(mail);
  }
}
