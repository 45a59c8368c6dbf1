import { digest } from './digest.js';

/**
 * The vendor's MD5 form of a password: MD5("TPCQ75NF2Y:" + password) in upper-case hex
 * (research/vigi-wire-facts.md §1.3; public vector: "TestPass123" → F8A44BD7A62BEC2512DE5EB295A68997).
 * Devices keep only this form; clients send it inside the RSA login envelope.
 */
export const MD5_FORM_SALT = 'TPCQ75NF2Y:';

export function md5Form(password: string): string {
  return digest('md5', MD5_FORM_SALT + password).toString('hex').toUpperCase();
}

export function isMd5Form(value: string): boolean {
  return /^[0-9A-F]{32}$/.test(value);
}
