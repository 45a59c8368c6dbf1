/**
 * Every JSON string value on the VIGI web API is URL-encoded (encodeURIComponent), in both
 * directions (research/vigi-wire-facts.md §1.3): "Front Door" travels as "Front%20Door".
 * Keys are not encoded; numbers, booleans and null pass as they are.
 */
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

export function encodeWireStrings(value: unknown): WireValue {
  if (typeof value === 'string') return encodeURIComponent(value);
  if (Array.isArray(value)) return value.map(encodeWireStrings);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = encodeWireStrings(inner);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return null;
}

/** Decodes every string; a malformed escape is reported with the path of the field that had it. */
export function decodeWireStrings(value: unknown, path = ''): { ok: true; value: unknown } | { ok: false; path: string } {
  if (typeof value === 'string') {
    try {
      return { ok: true, value: decodeURIComponent(value) };
    } catch {
      return { ok: false, path: path || '(root)' };
    }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const [i, inner] of value.entries()) {
      const decoded = decodeWireStrings(inner, `${path}[${i}]`);
      if (!decoded.ok) return decoded;
      out.push(decoded.value);
    }
    return { ok: true, value: out };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const decoded = decodeWireStrings(inner, path ? `${path}.${key}` : key);
      if (!decoded.ok) return decoded;
      out[key] = decoded.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}
