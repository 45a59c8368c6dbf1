/**
 * Just enough XML for WS-Discovery, by plain string scanning: the inner text of elements picked
 * by local name, whatever their namespace prefix. No XML library is installed and SOAP-over-UDP
 * messages are small and flat. Every scan is linear in the input (a regex that only ever
 * starts at '<', then indexOf for the closing tag), so a hostile datagram cannot stall us;
 * malformed input just yields nothing. Namespace prefixes are not resolved: a `Types` element
 * is a `Types` element, which is what lenient real-world ONVIF clients do too.
 */
export function elements(xml: string, localName: string, limit = 64): string[] {
  const open = new RegExp(`<((?:[A-Za-z_][\\w.-]*:)?${localName})(?=[\\s/>])([^<>]*)>`, 'g');
  const found: string[] = [];
  let match: RegExpExecArray | null;
  while (found.length < limit && (match = open.exec(xml)) !== null) {
    const [, qualified = '', attributes = ''] = match;
    if (attributes.endsWith('/')) {
      found.push(''); // <d:Types/>
      continue;
    }
    const close = `</${qualified}`;
    const end = xml.indexOf(close, open.lastIndex);
    if (end < 0) break;
    found.push(xml.slice(open.lastIndex, end));
    open.lastIndex = end + close.length;
  }
  return found;
}

/** The trimmed, unescaped text of the first such element, or undefined. */
export function firstText(xml: string, localName: string): string | undefined {
  const inner = elements(xml, localName, 1)[0];
  return inner === undefined ? undefined : xmlUnescape(inner).trim();
}

/** A whitespace-separated list (xs:list), as Types, Scopes and XAddrs are. */
export function listText(xml: string, localName: string): string[] {
  return (firstText(xml, localName) ?? '').split(/\s+/).filter((item) => item.length > 0);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&${Object.keys(NAMED).find((k) => NAMED[k] === c)};`);
}
