import type { Answer, Question } from 'dns-packet';
import type { AdvertisedDevice } from './advertised-device.js';
import { deviceRecords, hostName, instanceName, serviceEnumerationRecord, SERVICE_ENUMERATION, VIGI_SERVICE, type RecordOptions } from './mdns-records.js';

/** Records that should travel in the same packet: a PTR with the SRV, TXT and A it points to. */
export interface RecordGroup {
  answers: Answer[];
  additionals: Answer[];
}

const lower = (name: string): string => name.toLowerCase();
/** Rdata as a string, cheaply for the types we answer with (JSON of a Buffer is slow and long). */
function dataKey(type: string, data: unknown): string {
  if (typeof data === 'string') return type === 'PTR' || type === 'CNAME' ? lower(data) : data;
  if (Buffer.isBuffer(data)) return data.toString('latin1');
  if (Array.isArray(data)) return data.map((item) => { const text = dataKey(type, item); return `${text.length}:${text}`; }).join('');
  if (type === 'SRV' && typeof data === 'object' && data !== null) {
    // Field by field: a decoder may list them in another order than our builder does.
    const { priority, weight, port, target } = data as { priority?: unknown; weight?: unknown; port?: unknown; target?: unknown };
    return `${String(priority)} ${String(weight)} ${String(port)} ${typeof target === 'string' ? lower(target) : ''}`;
  }
  return JSON.stringify(data) ?? '';
}
const keys = new WeakMap<Answer, string>();
/**
 * Owner name, type and rdata: what makes two records "the same record" (RFC 6762 §7.1). Kept per
 * record object: deviceRecords hands out the same objects until a device changes.
 */
export function recordKey(record: Answer): string {
  let key = keys.get(record);
  if (key === undefined) {
    key = `${lower(record.name)}|${record.type}|${dataKey(record.type, 'data' in record ? record.data : null)}`;
    keys.set(record, key);
  }
  return key;
}
const keyOf = recordKey;
const ttlOf = (record: Answer): number => ('ttl' in record && typeof record.ttl === 'number' ? record.ttl : 0);

/**
 * The querier's known answers (RFC 6762 §7.1), each with the largest TTL it gave. A record we
 * would send is suppressed when the querier holds it with at least half our TTL.
 */
export class KnownAnswers {
  readonly #ttls = new Map<string, number>();

  constructor(records: readonly Answer[] = []) {
    this.add(records);
  }

  get size(): number {
    return this.#ttls.size;
  }

  add(records: readonly Answer[]): void {
    for (const record of records) {
      if (!('data' in record) || typeof record.name !== 'string') continue;
      const ttl = ttlOf(record);
      const key = keyOf(record);
      if (ttl > (this.#ttls.get(key) ?? -1)) this.#ttls.set(key, ttl);
    }
  }

  /** True when the querier already holds `record` with at least half of its TTL. */
  covers(record: Answer): boolean {
    if (this.#ttls.size === 0) return false;
    const known = this.#ttls.get(keyOf(record));
    return known !== undefined && known >= ttlOf(record) / 2;
  }
}

/** The class of a question without the QU bit, which dns-packet leaves in ("UNKNOWN_32769"). */
export function questionClass(question: Question): number {
  const raw = question.class ?? 'IN';
  const unknown = /^UNKNOWN_(\d+)$/.exec(raw);
  const code = unknown ? Number(unknown[1]) : raw === 'IN' ? 1 : raw === 'ANY' ? 255 : 0;
  return code & 0x7fff;
}

// dns-packet's types omit ANY (255), which it decodes as "ANY".
const wants = (question: Question, type: string): boolean => question.type === type || (question.type as string) === 'ANY';

/**
 * The records answering a query's questions from the devices advertised now, grouped so a
 * device's PTR and its additional records can share a packet. Duplicates (two questions asking
 * for the same record) are dropped. Known-answer suppression (RFC 6762 §7.1): an answer the
 * querier already holds with at least half its TTL is not sent, whatever its type, and an
 * additional record it holds is left out too (it would only refresh what it has).
 */
export function answerQuestions(questions: readonly Question[], known: readonly Answer[] | KnownAnswers, devices: readonly AdvertisedDevice[], options: RecordOptions = {}): RecordGroup[] {
  const knownAnswers = known instanceof KnownAnswers ? known : new KnownAnswers(known);
  const groups: RecordGroup[] = [];
  const byInstance = new Map<string, AdvertisedDevice>();
  const byHost = new Map<string, AdvertisedDevice>();
  for (const device of devices) {
    byInstance.set(lower(instanceName(device)), device);
    byHost.set(lower(hostName(device)), device);
  }
  const push = (answers: Answer[], additionals: Answer[]): void => {
    const fresh = answers.filter((r) => !knownAnswers.covers(r));
    if (fresh.length > 0) groups.push({ answers: fresh, additionals: additionals.filter((r) => !knownAnswers.covers(r)) });
  };
  for (const question of questions) {
    const klass = questionClass(question);
    if (klass !== 1 && klass !== 255) continue;
    const name = lower(question.name);
    if (name === VIGI_SERVICE && wants(question, 'PTR')) {
      for (const device of devices) {
        const r = deviceRecords(device, options);
        push([r.ptr], [r.srv, r.txt, r.a]);
      }
    } else if (name === SERVICE_ENUMERATION && wants(question, 'PTR') && devices.length > 0) {
      push([serviceEnumerationRecord(options)], []);
    } else if (byInstance.has(name)) {
      const r = deviceRecords(byInstance.get(name)!, options);
      const answers = [...(wants(question, 'SRV') ? [r.srv] : []), ...(wants(question, 'TXT') ? [r.txt] : [])];
      // RFC 6763 §12.2: with an SRV answer, the A record of its target goes along (and that
      // the host has no AAAA, RFC 6762 §6.1). A type the name does not have: NSEC says so.
      if (answers.length > 0) push(answers, wants(question, 'SRV') ? [r.a, r.hostNsec] : []);
      else push([r.instanceNsec], []);
    } else if (byHost.has(name)) {
      const r = deviceRecords(byHost.get(name)!, options);
      // RFC 6762 §6.1: AAAA (or any other type) of a name we own gets an NSEC, not silence, so a
      // resolver need not wait for a timeout.
      if (wants(question, 'A')) push([r.a], [r.hostNsec]);
      else push([r.hostNsec], []);
    }
  }
  return mergeGroups(groups);
}

/**
 * RFC 6762 §6: a response holding a member of a shared record set (our PTRs) may come from
 * several responders, so it waits 20–120 ms; one made only of unique records need not wait.
 */
export const hasSharedAnswer = (groups: readonly RecordGroup[]): boolean => groups.some((g) => g.answers.some((r) => r.type === 'PTR'));

/** Each record once: answers win over additionals, earlier groups over later ones. */
export function mergeGroups(groups: readonly RecordGroup[]): RecordGroup[] {
  const answered = new Set(groups.flatMap((g) => g.answers.map(keyOf)));
  const seen = new Set<string>();
  const once = (record: Answer, isAnswer: boolean): boolean => {
    const key = keyOf(record);
    if (seen.has(key) || (!isAnswer && answered.has(key))) return false;
    seen.add(key);
    return true;
  };
  return groups
    .map((g) => ({ answers: g.answers.filter((r) => once(r, true)), additionals: g.additionals.filter((r) => once(r, false)) }))
    .filter((g) => g.answers.length > 0);
}
