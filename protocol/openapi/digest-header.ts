import type { DigestCredentials } from '../../devices/openapi/nvr-openapi.js';

/**
 * The fields of an `Authorization: Digest k=v, k="v", …` header (RFC 7616 syntax); undefined
 * when the header is absent, not Digest, or lacks username, realm, nonce, uri or response.
 */
export function parseDigestAuthorization(header: string | undefined): DigestCredentials | undefined {
  if (!header || header.length > 4096) return undefined;
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (!match) return undefined;
  const fields = new Map<string, string>();
  const pair = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/g;
  for (let found = pair.exec(match[1] ?? ''), guard = 0; found && guard < 32; found = pair.exec(match[1] ?? ''), guard++) {
    const value = found[2] !== undefined ? found[2].replace(/\\(.)/g, '$1') : found[3] ?? '';
    fields.set((found[1] ?? '').toLowerCase(), value);
  }
  const [username, realm, nonce, uri, response] = ['username', 'realm', 'nonce', 'uri', 'response'].map((key) => fields.get(key));
  if (username === undefined || realm === undefined || nonce === undefined || uri === undefined || response === undefined) return undefined;
  const qop = fields.get('qop');
  const nc = fields.get('nc');
  const cnonce = fields.get('cnonce');
  const algorithm = fields.get('algorithm');
  return {
    username, realm, nonce, uri, response,
    ...(qop !== undefined ? { qop } : {}), ...(nc !== undefined ? { nc } : {}), ...(cnonce !== undefined ? { cnonce } : {}), ...(algorithm !== undefined ? { algorithm } : {}),
  };
}
