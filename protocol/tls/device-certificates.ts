import { webcrypto } from 'node:crypto';
import { isIPv4 } from 'node:net';
import tls from 'node:tls';
import type * as X509 from '@peculiar/x509';

/** What a certificate is made for: the device's name (CN) and its IP (SubjectAltName). */
export interface CertificateSubject {
  id: string;
  ip: string;
  name: string;
}

interface IssuedCertificate {
  readonly ip: string;
  readonly name: string;
  readonly ready: Promise<{ context: tls.SecureContext; certificatePem: string }>;
}

const DAY_MS = 86_400_000;
const VALIDITY_MS = 10 * 365 * DAY_MS;
// ECDSA P-256: a key costs ~0.3 ms where RSA-2048 would cost ~50 ms.
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/**
 * Per-device self-signed HTTPS certificates, made on a device's first TLS connection and
 * cached: a fleet of 10,000 devices pays nothing at start-up. Each device gets its own key,
 * its name as CN and its IP in the SubjectAltName, valid from a day ago for ten years.
 */
export class DeviceCertificates {
  readonly #issued = new Map<string, IssuedCertificate>();

  /** The device's TLS context; concurrent first calls share one generation. */
  async contextFor(device: CertificateSubject): Promise<tls.SecureContext> {
    return (await this.#issue(device).ready).context;
  }

  /** The PEM certificate the device serves, once contextFor has been asked for it. */
  async certificatePemFor(deviceId: string): Promise<string | undefined> {
    return (await this.#issued.get(deviceId)?.ready)?.certificatePem;
  }

  /** Drops a device's certificate (factory reset, new IP): the next connection gets a new one. */
  forget(deviceId: string): void {
    this.#issued.delete(deviceId);
  }

  #issue(device: CertificateSubject): IssuedCertificate {
    const cached = this.#issued.get(device.id);
    if (cached && cached.ip === device.ip && cached.name === device.name) return cached;
    const issued: IssuedCertificate = { ip: device.ip, name: device.name, ready: createCertificate(device) };
    this.#issued.set(device.id, issued);
    // A failure must not stick: let the next connection try again.
    issued.ready.catch(() => {
      if (this.#issued.get(device.id) === issued) this.#issued.delete(device.id);
    });
    return issued;
  }
}

async function createCertificate(device: CertificateSubject): Promise<{ context: tls.SecureContext; certificatePem: string }> {
  if (!isIPv4(device.ip)) throw new TypeError(`device ${device.id} has no IPv4 address: ${JSON.stringify(device.ip)}`);
  const x509 = await loadX509();
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now(); // real time, not the virtual clock: TLS clients check validity against theirs
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    // The object form skips the library's RFC 4514 unquoting, which mangles names with quotes.
    name: new x509.Name([{ CN: [{ utf8String: device.name || device.id }] }]),
    keys,
    signingAlgorithm: ALGORITHM,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + VALIDITY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: device.ip }]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const certificatePem = certificate.toString('pem');
  const context = tls.createSecureContext({ key: toPem('PRIVATE KEY', pkcs8), cert: certificatePem });
  return { context, certificatePem };
}

function toPem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

let x509Module: Promise<typeof X509> | undefined;

/** Loaded on first use, so a fleet nobody talks to over HTTPS never pays for it. */
function loadX509(): Promise<typeof X509> {
  x509Module ??= (async () => {
    // @peculiar/x509 uses tsyringe, which needs the Reflect metadata API at import time.
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto); // the DOM Crypto type is absent from our libs; node's webcrypto is that API
    return x509;
  })();
  return x509Module;
}
