/**
 * Every JSON string value on the VIGI web API is URL-encoded (encodeURIComponent), in both
 * directions (research/vigi-wire-facts.md §1.3): "Front Door" travels as "Front%20Door".
 * Keys are not encoded; numbers, booleans and null pass as they are.
 */
export type WireValue = string | number | boolean | null | WireValue[] | { [key: string]: WireValue };

/** Deeper than any real request nests; deeper input is refused before it can exhaust the stack. */
export const MAX_WIRE_DEPTH = 32;

/** encodeURIComponent throws on a lone surrogate (which a client may send us): make it U+FFFD. */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function encodeWireStrings(value: unknown, depth = 0): WireValue {
  if (typeof value === 'string') return encodeURIComponent(wellFormed(value));
  if (depth > MAX_WIRE_DEPTH) return null;
  if (Array.isArray(value)) return value.map((inner) => encodeWireStrings(inner, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[wellFormed(key)] = encodeWireStrings(inner, depth + 1);
    return out;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return null;
}

/** Decodes every string; a malformed escape (or nesting past MAX_WIRE_DEPTH) is reported with its path. */
export function decodeWireStrings(value: unknown, path = '', depth = 0): { ok: true; value: unknown } | { ok: false; path: string; tooDeep?: true } {
  if (depth > MAX_WIRE_DEPTH) return { ok: false, path: path || '(root)', tooDeep: true };
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
      const decoded = decodeWireStrings(inner, `${path}[${i}]`, depth + 1);
      if (!decoded.ok) return decoded;
      out.push(decoded.value);
    }
    return { ok: true, value: out };
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const decoded = decodeWireStrings(inner, path ? `${path}.${key}` : key, depth + 1);
      if (!decoded.ok) return decoded;
      out[key] = decoded.value;
    }
    return { ok: true, value: out };
  }
  return { ok: true, value };
}
