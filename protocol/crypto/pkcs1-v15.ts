import { constants, privateDecrypt, type KeyObject } from 'node:crypto';

/**
 * RSA PKCS#1 v1.5 decryption for the VIGI login envelope. Node 20 refuses `privateDecrypt`
 * with RSA_PKCS1_PADDING (the Marvin fix, CVE-2023-46809), so we decrypt the raw block with
 * RSA_NO_PADDING and remove the type-2 padding here. Timing differences between padding
 * failures do not matter for an emulator; what matters is never throwing on client input.
 */

/** The smallest padding string PKCS#1 v1.5 allows (RFC 8017 §7.2.1). */
const MIN_PADDING_BYTES = 8;

/**
 * Removes PKCS#1 v1.5 type-2 padding: 0x00 0x02 <at least 8 nonzero bytes> 0x00 <message>.
 * Returns the message (possibly empty), or undefined when the block is not padded that way.
 */
export function stripPkcs1Type2(block: Buffer): Buffer | undefined {
  if (block.length < 2 + MIN_PADDING_BYTES + 1) return undefined;
  if (block[0] !== 0x00 || block[1] !== 0x02) return undefined;
  const separator = block.indexOf(0x00, 2);
  if (separator < 2 + MIN_PADDING_BYTES) return undefined;
  return block.subarray(separator + 1);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 decoding: Buffer.from(…, 'base64') silently skips junk, which hides bad input. */
export function decodeStrictBase64(text: string): Buffer | undefined {
  if (text.length === 0 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decrypts base64(RSA-PKCS#1-v1.5(plaintext)) to the utf8 plaintext, or undefined when the
 * input is not base64, not one modulus long, not below the modulus, badly padded or not utf8.
 */
export function decryptPkcs1v15Base64(privateKey: KeyObject, ciphertextBase64: string): string | undefined {
  const ciphertext = decodeStrictBase64(ciphertextBase64);
  const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength;
  if (!ciphertext || modulusBits === undefined || ciphertext.length !== Math.ceil(modulusBits / 8)) return undefined;
  let block: Buffer;
  try {
    block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, ciphertext);
  } catch {
    return undefined; // e.g. a ciphertext numerically >= the modulus
  }
  const message = stripPkcs1Type2(block);
  if (!message) return undefined;
  try {
    return UTF8.decode(message);
  } catch {
    return undefined;
  }
}
