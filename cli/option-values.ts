import { isIP } from 'node:net';

/** A flag's value, or why it is not one, worded for the command line. */
export type OptionValue<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

const bad = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** `host:port` or `[ipv6]:port`; port 0 asks the system for a free one. */
export function parseHostPort(text: string, flag: string): OptionValue<{ host: string; port: number }> {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):([^:]*)$/.exec(text);
  if (!match) return bad(`${flag} "${text}" is not host:port (e.g. 127.0.0.1:9090)`);
  const host = match[1] ?? match[2] ?? '';
  if (match[1] !== undefined ? isIP(host) !== 6 : !isHost(host)) return bad(`${flag} "${text}": "${host}" is not a host name or IP address`);
  const port = parsePortNumber(match[3] ?? '');
  if (port === undefined) return bad(`${flag} "${text}": "${match[3] ?? ''}" is not a port number (0 to 65535)`);
  return { ok: true, value: { host, port } };
}

/** A non-negative whole number, as the scenario's `seed`. */
export function parseSeed(text: string, flag: string): OptionValue<number> {
  const seed = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(seed)) return bad(`${flag} "${text}" is not a whole number (0 or more)`);
  return { ok: true, value: seed };
}

/** A whole number from `min` to `max`, as `--cameras`. */
export function parseCount(text: string, flag: string, min: number, max: number): OptionValue<number> {
  const count = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(count) || count < min || count > max) return bad(`${flag} "${text}" is not a whole number from ${min} to ${max}`);
  return { ok: true, value: count };
}

/** smtp:// or smtps:// URL of an external mail server (e.g. Mailpit on smtp://127.0.0.1:1025). */
export function parseSmtpUrl(text: string, flag: string): OptionValue<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad(`${flag} "${text}" is not a URL (e.g. smtp://127.0.0.1:1025)`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return bad(`${flag} "${text}" must start with smtp:// or smtps://`);
  if (!url.hostname) return bad(`${flag} "${text}" has no host`);
  return { ok: true, value: text };
}

/** An IP address or host name. */
export function parseHost(text: string, flag: string): OptionValue<string> {
  return isHost(text) || isIP(text) === 6 ? { ok: true, value: text } : bad(`${flag} "${text}" is not a host name or IP address`);
}

function isHost(text: string): boolean {
  return isIP(text) === 4 || (HOSTNAME.test(text) && !/^[\d.]+$/.test(text));
}

function parsePortNumber(text: string): number | undefined {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  return port >= 0 && port <= 65535 ? port : undefined;
}
