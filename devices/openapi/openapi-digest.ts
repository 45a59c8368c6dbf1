import { digest } from '../credentials/digest.js';

/**
 * The SHA-256 digests of VIGI OpenAPI (research/vigi-wire-facts.md §1.4, public):
 * HA1 = SHA256hex("user:realm:password"), HA2 = SHA256hex("METHOD:uri"),
 * response = SHA256hex("HA1:nonce:HA2"). With `qop=auth` (RFC 7616, the NVR's HTTP Digest) the
 * response is SHA256hex("HA1:nonce:nc:cnonce:auth:HA2").
 */
export function sha256Hex(text: string): string {
  return digest('sha256', text).toString('hex');
}

export function digestHa1(username: string, realm: string, password: string): string {
  return sha256Hex(`${username}:${realm}:${password}`);
}

export interface DigestParts {
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  /** RFC 7616 `qop=auth`: then `nc` and `cnonce` take part too. */
  readonly qop?: { readonly nc: string; readonly cnonce: string };
}

export function digestResponse(parts: DigestParts): string {
  const ha2 = sha256Hex(`${parts.method}:${parts.uri}`);
  return parts.qop
    ? sha256Hex(`${parts.ha1}:${parts.nonce}:${parts.qop.nc}:${parts.qop.cnonce}:auth:${ha2}`)
    : sha256Hex(`${parts.ha1}:${parts.nonce}:${ha2}`);
}

/** Random lower-case hex of `bytes` bytes (nonces, stoks, tokens). */
export function randomHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
