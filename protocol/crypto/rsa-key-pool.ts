import { createPrivateKey, createPublicKey, generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decryptPkcs1v15Base64 } from './pkcs1-v15.js';

/** The RSA key a device hands out in its login challenge, and decrypts the password with. */
export interface DeviceRsaKey {
  /** base64 of the SPKI DER public key, as the VIGI challenge carries it. */
  readonly publicKeySpkiBase64: string;
  /** utf8 plaintext of base64(RSA-PKCS#1-v1.5(plaintext)), or undefined on any bad input. */
  decrypt(ciphertextBase64: string): string | undefined;
}

export interface RsaKeyPoolOptions {
  /** How many spare keys to keep generated ahead of need (default 0: purely lazy). */
  prewarm?: number;
}

/** VIGI devices use RSA-1024 for the login envelope. */
const MODULUS_BITS = 1024;

function toDeviceKey(privateKey: KeyObject): DeviceRsaKey {
  const publicKeySpkiBase64 = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    publicKeySpkiBase64,
    decrypt: (ciphertextBase64) => decryptPkcs1v15Base64(privateKey, ciphertextBase64),
  };
}

/**
 * One RSA key per device, made on first use: a key costs several milliseconds, and a fleet of
 * 10,000 devices must start without paying for keys nobody asks for. Optional spares are
 * generated off the main thread (libuv pool), one at a time, so first challenges stay cheap.
 */
export class RsaKeyPool {
  readonly #keys = new Map<string, DeviceRsaKey>();
  readonly #spares: KeyObject[] = [];
  readonly #prewarm: number;
  #refilling = false;
  #closed = false;

  constructor(options: RsaKeyPoolOptions = {}) {
    this.#prewarm = Math.max(0, Math.floor(options.prewarm ?? 0));
    this.#refill();
  }

  /** A DeviceRsaKey from a given PKCS#8 or PKCS#1 PEM private key (test vectors, pinned keys). */
  static fromPrivateKeyPem(privateKeyPem: string): DeviceRsaKey {
    return toDeviceKey(createPrivateKey(privateKeyPem));
  }

  /** The device's key, generated (or taken from the spares) on first use. */
  keyFor(deviceId: string): DeviceRsaKey {
    let key = this.#keys.get(deviceId);
    if (!key) {
      const privateKey = this.#spares.pop() ?? generateKeyPairSync('rsa', { modulusLength: MODULUS_BITS }).privateKey;
      key = toDeviceKey(privateKey);
      this.#keys.set(deviceId, key);
      this.#refill();
    }
    return key;
  }

  /** Gives a device a known key instead of a generated one. */
  assign(deviceId: string, privateKeyPem: string): DeviceRsaKey {
    const key = RsaKeyPool.fromPrivateKeyPem(privateKeyPem);
    this.#keys.set(deviceId, key);
    return key;
  }

  /** Forgets the device's key (factory reset): its next challenge carries a new one. */
  rekey(deviceId: string): void {
    this.#keys.delete(deviceId);
  }

  /** Spare keys ready now. */
  get spareCount(): number {
    return this.#spares.length;
  }

  /** Stops making spares; device keys already handed out keep working. */
  close(): void {
    this.#closed = true;
    this.#spares.length = 0;
  }

  #refill(): void {
    if (this.#closed || this.#refilling || this.#spares.length >= this.#prewarm) return;
    this.#refilling = true;
    generateKeyPair('rsa', { modulusLength: MODULUS_BITS }, (error, _publicKey, privateKey) => {
      this.#refilling = false;
      if (error || this.#closed) return; // a failing generator would fail again: stop, keyFor still works
      this.#spares.push(privateKey);
      this.#refill();
    });
  }
}
