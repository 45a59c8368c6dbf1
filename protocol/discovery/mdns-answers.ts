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
function dataKey(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('latin1');
  if (Array.isArray(data)) return data.map((item) => { const text = dataKey(item); return `${text.length}:${text}`; }).join('');
  return JSON.stringify(data) ?? '';
}
const keyOf = (record: Answer): string => `${lower(record.name)}|${record.type}|${dataKey('data' in record ? record.data : null)}`;

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
 * for the same record) are dropped, as are PTR answers the querier already knows with at least
 * half their TTL left (RFC 6762 §7.1, known-answer suppression).
 */
export function answerQuestions(questions: readonly Question[], known: readonly Answer[], devices: readonly AdvertisedDevice[], options: RecordOptions = {}): RecordGroup[] {
  const knownKeys = new Set(known.filter((r) => r.type === 'PTR' && (r.ttl ?? 0) >= 2250).map(keyOf));
  const groups: RecordGroup[] = [];
  const byInstance = new Map<string, AdvertisedDevice>();
  const byHost = new Map<string, AdvertisedDevice>();
  for (const device of devices) {
    byInstance.set(lower(instanceName(device)), device);
    byHost.set(lower(hostName(device)), device);
  }
  for (const question of questions) {
    const klass = questionClass(question);
    if (klass !== 1 && klass !== 255) continue;
    const name = lower(question.name);
    if (name === VIGI_SERVICE && wants(question, 'PTR')) {
      for (const device of devices) {
        const r = deviceRecords(device, options);
        if (!knownKeys.has(keyOf(r.ptr))) groups.push({ answers: [r.ptr], additionals: [r.srv, r.txt, r.a] });
      }
    } else if (name === SERVICE_ENUMERATION && wants(question, 'PTR') && devices.length > 0) {
      const record = serviceEnumerationRecord(options);
      if (!knownKeys.has(keyOf(record))) groups.push({ answers: [record], additionals: [] });
    } else if (byInstance.has(name)) {
      const r = deviceRecords(byInstance.get(name)!, options);
      const answers = [...(wants(question, 'SRV') ? [r.srv] : []), ...(wants(question, 'TXT') ? [r.txt] : [])];
      // RFC 6763 §12.2: with an SRV answer, the A record of its target goes along.
      if (answers.length > 0) groups.push({ answers, additionals: wants(question, 'SRV') ? [r.a] : [] });
    } else if (byHost.has(name) && wants(question, 'A')) {
      groups.push({ answers: [deviceRecords(byHost.get(name)!, options).a], additionals: [] });
    }
  }
  return dedupe(groups);
}

/** Each record once: answers win over additionals, earlier groups over later ones. */
function dedupe(groups: RecordGroup[]): RecordGroup[] {
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
