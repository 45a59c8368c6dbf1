import { createHmac } from 'node:crypto';
import { generateSync } from 'otplib';

/**
 * Verification codes for password reset: six digits (ours), made with otplib's TOTP on the
 * virtual clock. Each code belongs to one challenge (a nonce the device drew) and is derived with
 * the vendor secret that VIGI firmware shares with TP-Link's cloud and support desk, so the
 * cloud can mail the code for a camera without internet, and a support agent can read it from
 * the QR code alone. Nothing but the QR code travels between device and TP-Link.
 */
export const VENDOR_SECRET = 'vigi-sim firmware secret, shared with the emulated TP-Link cloud (v1)';

export type ResetCodePurpose = 'email' | 'app' | 'support';

export interface CodeChallenge {
  readonly purpose: ResetCodePurpose;
  readonly nonce: string;
  /** Virtual time the challenge was issued, in ms. */
  readonly issuedAt: number;
  readonly validForMs: number;
}

export function deriveResetCode(challenge: CodeChallenge): string {
  const secret = createHmac('sha256', VENDOR_SECRET).update(`${challenge.purpose}:${challenge.nonce}`).digest();
  return generateSync({
    secret: new Uint8Array(secret.subarray(0, 20)),
    strategy: 'totp',
    epoch: Math.floor(challenge.issuedAt / 1000),
    period: Math.max(1, Math.floor(challenge.validForMs / 1000)),
    digits: 6,
  });
}

export function isSixDigits(code: string): boolean {
  return /^\d{6}$/.test(code);
}
