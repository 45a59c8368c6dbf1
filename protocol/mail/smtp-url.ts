/** Where SmtpMailer delivers, parsed from `--smtp <url>`. */
export interface SmtpTarget {
  /** `smtps:` connects with TLS from the first byte (port 465 style). */
  readonly secure: boolean;
  /** IPv6 literals come without brackets, as node:net wants them. */
  readonly host: string;
  readonly port: number;
  readonly auth?: { readonly user: string; readonly pass: string };
  /** True for localhost and 127.0.0.0/8, ::1: no TLS is required there. */
  readonly loopback: boolean;
  /** The URL with the password masked: safe for logs and error messages. */
  readonly display: string;
}

const DEFAULT_PORTS: Record<string, number> = { 'smtp:': 25, 'smtps:': 465 };

/**
 * Validates `smtp://[user:pass@]host[:port]` or `smtps://...` and throws an Error that says
 * what is wrong (the CLI prints it as is). User and password may be percent-encoded.
 */
export function parseSmtpUrl(input: string): SmtpTarget {
  const fail = (why: string): never => {
    throw new Error(`invalid SMTP URL "${mask(input)}": ${why} (expected smtp://[user:pass@]host[:port] or smtps://...)`);
  };
  if (typeof input !== 'string' || input.trim() === '') fail('it is empty');
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return fail('it is not a valid URL (check the host, and that the port is 1-65535)');
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (defaultPort === undefined) fail(`scheme "${url.protocol.replace(/:$/, '')}" is not smtp or smtps`);
  if (url.hostname === '') fail('it has no host');
  if (url.pathname !== '' && url.pathname !== '/') fail(`unexpected path "${url.pathname}"`);
  if (url.search !== '' || url.hash !== '') fail('query strings and fragments are not supported');
  // WHATWG URL accepts port 0 and drops a port equal to the scheme default, so read it back.
  const port = url.port === '' ? defaultPort! : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`port ${url.port} is out of range 1-65535`);
  const user = decode(url.username, 'user name', fail);
  const pass = decode(url.password, 'password', fail);
  if (pass !== '' && user === '') fail('a password was given without a user name');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const target = {
    secure: url.protocol === 'smtps:',
    host,
    port,
    loopback: isLoopback(host),
    display: `${url.protocol}//${user ? `${url.username}${pass ? ':***' : ''}@` : ''}${url.host}`,
  };
  return user ? { ...target, auth: { user, pass } } : target;
}

export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

function decode(raw: string, what: string, fail: (why: string) => never): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return fail(`the ${what} has a malformed %-escape`);
  }
}

/** Hides a password in what we echo back: the user may paste a real one. */
function mask(input: string): string {
  return String(input).replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}
