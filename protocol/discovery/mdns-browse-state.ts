import type { Answer, Question } from 'dns-packet';
import { VIGI_SERVICE } from './mdns-records.js';

export interface FoundDevice {
  /** The instance label, e.g. "Front Door (000001)". */
  name: string;
  hostname: string;
  ip: string;
  port: number;
  txt: Record<string, string>;
}

const lower = (name: string): string => name.toLowerCase();
const SUFFIX = `.${VIGI_SERVICE}`;

function txtRecord(data: unknown): Record<string, string> {
  const txt: Record<string, string> = {};
  for (const entry of Array.isArray(data) ? data : [data]) {
    const text = Buffer.isBuffer(entry) ? entry.toString('utf8') : typeof entry === 'string' ? entry : '';
    const eq = text.indexOf('=');
    // RFC 6763 §6.4: a key without "=" is a boolean attribute; the first occurrence wins.
    const key = (eq < 0 ? text : text.slice(0, eq)).toLowerCase();
    if (key && !(key in txt)) txt[key] = eq < 0 ? '' : text.slice(eq + 1);
  }
  return txt;
}

/**
 * What a browse has heard so far: instances (PTR), their SRV and TXT, and host addresses,
 * from answers and additional records alike, in arrival order. A record with TTL 0 is a
 * goodbye and removes what it names. Anything malformed is skipped.
 */
export class BrowseState {
  readonly #instances = new Map<string, string>();
  readonly #srv = new Map<string, { target: string; port: number }>();
  readonly #txt = new Map<string, Record<string, string>>();
  readonly #a = new Map<string, string>();

  /** Instances heard and not said goodbye, complete or not. */
  get size(): number {
    return this.#instances.size;
  }

  ingest(records: readonly Answer[]): void {
    for (const record of records) {
      if (!('data' in record) || typeof record.name !== 'string') continue;
      const gone = record.ttl === 0;
      const name = lower(record.name);
      if (record.type === 'PTR' && name === VIGI_SERVICE && typeof record.data === 'string') {
        if (gone) this.#instances.delete(lower(record.data));
        else this.#instances.set(lower(record.data), record.data);
      } else if (record.type === 'SRV' && typeof record.data === 'object' && record.data !== null) {
        const { target, port } = record.data as { target?: unknown; port?: unknown };
        if (gone) this.#srv.delete(name);
        else if (typeof target === 'string' && typeof port === 'number') this.#srv.set(name, { target, port });
      } else if (record.type === 'TXT') {
        if (gone) this.#txt.delete(name);
        else this.#txt.set(name, txtRecord(record.data));
      } else if (record.type === 'A' && typeof record.data === 'string') {
        if (gone) this.#a.delete(name);
        else this.#a.set(name, record.data);
      }
    }
  }

  /** Follow-up questions for instances whose SRV, TXT or address has not been heard. */
  missing(): Question[] {
    const questions: Question[] = [];
    for (const [key, instance] of this.#instances) {
      const srv = this.#srv.get(key);
      if (!srv) questions.push({ name: instance, type: 'SRV' });
      if (!this.#txt.has(key)) questions.push({ name: instance, type: 'TXT' });
      if (srv && !this.#a.has(lower(srv.target))) questions.push({ name: srv.target, type: 'A' });
    }
    return questions;
  }

  /** Instances with a known address and port; those still incomplete are left out. */
  found(): FoundDevice[] {
    const devices: FoundDevice[] = [];
    for (const [key, instance] of this.#instances) {
      const srv = this.#srv.get(key);
      const ip = srv && this.#a.get(lower(srv.target));
      if (!srv || !ip) continue;
      const name = lower(instance).endsWith(SUFFIX) ? instance.slice(0, -SUFFIX.length) : instance;
      devices.push({ name, hostname: srv.target, ip, port: srv.port, txt: this.#txt.get(key) ?? {} });
    }
    return devices;
  }
}
