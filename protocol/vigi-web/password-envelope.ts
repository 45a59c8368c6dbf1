import type { DeviceRsaKey } from '../crypto/rsa-key-pool.js';

/**
 * Opens the login envelope (encrypt_type "2"): base64(RSA-PKCS#1-v1.5(MD5 form + ":" + nonce))
 * under the device's challenge key. Undefined when it does not open, e.g. it was made with
 * another device's key or is not base64 at all.
 */
export interface OpenedEnvelope {
  readonly md5: string;
  readonly nonce: string;
}

export function openPasswordEnvelope(key: DeviceRsaKey, ciphertextBase64: string): OpenedEnvelope | undefined {
  const plaintext = key.decrypt(ciphertextBase64);
  if (plaintext === undefined) return undefined;
  const colon = plaintext.lastIndexOf(':');
  if (colon < 0) return undefined;
  return { md5: plaintext.slice(0, colon), nonce: plaintext.slice(colon + 1) };
}
