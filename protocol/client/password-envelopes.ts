import { constants, createPublicKey, publicEncrypt, type KeyObject } from 'node:crypto';
import { md5Form } from '../../devices/credentials/md5-form.js';

/**
 * The password envelope every VIGI client sends instead of a password (public, research §1.3):
 * base64(RSA-PKCS#1-v1.5(MD5 form + ":" + nonce)) under the key of one challenge. The nonce is
 * good for one request, so two envelopes that must travel together (old and new password)
 * are made under the same challenge.
 */

/** base64(RSA-PKCS#1-v1.5(MD5 form + ":" + nonce)) under the challenge key (base64 SPKI DER). */
export function passwordEnvelope(keySpkiBase64: string, password: string, nonce: string): string {
  return md5Envelope(keySpkiBase64, md5Form(password), nonce);
}

/** The same envelope from a password already in MD5 form (what an NVR stores for its cameras). */
export function md5Envelope(keySpkiBase64: string, md5: string, nonce: string): string {
  return publicEncrypt({ key: publicKeyOf(keySpkiBase64), padding: constants.RSA_PKCS1_PADDING }, Buffer.from(`${md5}:${nonce}`)).toString('base64');
}

/** Parsed challenge keys: a device hands out the same key every time, so parse it once (bounded). */
const KEYS_KEPT = 4096;
const parsedKeys = new Map<string, KeyObject>();

function publicKeyOf(keySpkiBase64: string): KeyObject {
  let key = parsedKeys.get(keySpkiBase64);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(keySpkiBase64, 'base64'), format: 'der', type: 'spki' });
    if (parsedKeys.size >= KEYS_KEPT) parsedKeys.clear();
    parsedKeys.set(keySpkiBase64, key);
  }
  return key;
}
