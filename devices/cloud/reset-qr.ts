import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import { secretsEqual } from '../credentials/secret-compare.js';
import { VENDOR_SECRET, type CodeChallenge, type ResetCodePurpose } from './reset-codes.js';

/**
 * The QR codes a camera shows for the two paths that go through TP-Link (ours: no public source
 * gives their content). `app`: a camera without internet; the VIGI app scans it and the cloud
 * mails the code to the reset email carried inside, encrypted (`email_encrypted` is a public
 * field name). `support`: technical support reads it and derives the code. The payload is
 * `vigi-reset:1:<base64url JSON>:<signature>`, signed so a forged or altered QR is refused.
 */
export interface ResetQrContent {
  readonly purpose: Exclude<ResetCodePurpose, 'email'>;
  readonly uuid: string;
  readonly mac: string;
  readonly model: string;
  readonly serial: string;
  readonly nonce: string;
  readonly issuedAt: number;
  readonly validForMs: number;
  /** Only on `app` QR codes. */
  readonly email?: string;
}

const PREFIX = 'vigi-reset:1:';
const emailKey = createHash('sha256').update(`${VENDOR_SECRET}:email`).digest();

function sign(body: string): string {
  return createHmac('sha256', VENDOR_SECRET).update(body).digest('base64url').slice(0, 22);
}

/** `iv` must be 12 fresh bytes from the device's Rng. */
export function encodeResetQr(content: ResetQrContent, iv: Uint8Array): string {
  const { email, ...rest } = content;
  const fields: Record<string, unknown> = { p: rest.purpose, u: rest.uuid, m: rest.mac, md: rest.model, sn: rest.serial, n: rest.nonce, i: rest.issuedAt, v: rest.validForMs };
  if (email !== undefined) {
    const cipher = createCipheriv('aes-256-gcm', emailKey, iv);
    const sealed = Buffer.concat([cipher.update(email, 'utf8'), cipher.final()]);
    fields.e = Buffer.concat([Buffer.from(iv), cipher.getAuthTag(), sealed]).toString('base64url');
  }
  const body = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${PREFIX}${body}:${sign(body)}`;
}

/** The QR's content, or undefined when it is not a genuine, unaltered VIGI reset QR code. */
export function decodeResetQr(payload: string): ResetQrContent | undefined {
  if (typeof payload !== 'string' || !payload.startsWith(PREFIX)) return undefined;
  const [body, signature, ...extra] = payload.slice(PREFIX.length).split(':');
  if (!body || !signature || extra.length > 0 || !secretsEqual(signature, sign(body))) return undefined;
  try {
    const f = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (f.p !== 'app' && f.p !== 'support') return undefined;
    const content: ResetQrContent = {
      purpose: f.p, uuid: String(f.u), mac: String(f.m), model: String(f.md), serial: String(f.sn),
      nonce: String(f.n), issuedAt: Number(f.i), validForMs: Number(f.v),
    };
    if (typeof f.e !== 'string') return content;
    const sealed = Buffer.from(f.e, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', emailKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    const email = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    return { ...content, email };
  } catch {
    return undefined;
  }
}

export function challengeOf(content: ResetQrContent): CodeChallenge {
  return { purpose: content.purpose, nonce: content.nonce, issuedAt: content.issuedAt, validForMs: content.validForMs };
}
