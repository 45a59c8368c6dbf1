import type { OutgoingMail } from '../kernel/mailer.js';

/**
 * The reset mail, as TP-Link sends it: from noreply@tp-link.com (FAQ 2870), the code in both
 * the text and the HTML part. Wording is ours.
 */
export const RESET_MAIL_FROM = 'noreply@tp-link.com';

export interface ResetCodeMailInput {
  readonly to: string;
  readonly code: string;
  readonly deviceName: string;
  readonly model: string;
  readonly validForMinutes: number;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function resetCodeMail(input: ResetCodeMailInput): OutgoingMail {
  const device = `${input.deviceName} (${input.model})`;
  const text = [
    'Hello,',
    '',
    `You asked to reset the password of your VIGI device ${device}.`,
    `Your verification code is: ${input.code}`,
    '',
    `The code is valid for ${input.validForMinutes} minutes and can be used once.`,
    'If you did not ask for this, ignore this mail; your password stays as it is.',
    '',
    'TP-Link VIGI',
  ].join('\n');
  const html = [
    '<p>Hello,</p>',
    `<p>You asked to reset the password of your VIGI device <b>${escapeHtml(device)}</b>.</p>`,
    `<p>Your verification code is: <strong style="font-size:1.5em;letter-spacing:0.2em">${input.code}</strong></p>`,
    `<p>The code is valid for ${input.validForMinutes} minutes and can be used once.</p>`,
    '<p>If you did not ask for this, ignore this mail; your password stays as it is.</p>',
    '<p>TP-Link VIGI</p>',
  ].join('\n');
  return { from: RESET_MAIL_FROM, to: input.to, subject: "Your VIGI device password reset verification code", text, html };
}
