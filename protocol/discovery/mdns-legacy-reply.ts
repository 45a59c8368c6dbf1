import dnsPacket, { type Answer, type DecodedPacket, type OptAnswer } from 'dns-packet';
import type { RecordGroup } from './mdns-answers.js';
import { questionClass } from './mdns-answers.js';
import { MDNS_MAX_PAYLOAD, MDNS_PAYLOAD_LIMIT, packSingle } from './mdns-packets.js';

/** A conventional DNS client's limit without EDNS0 (RFC 1035 §4.2.1). */
const CLASSIC_DNS_LIMIT = 512;

/**
 * The one-packet answer to a legacy unicast query (RFC 6762 §6.7): the query's id and question
 * echoed, no cache-flush bit and TTLs of at most 10 s (both set by the record builder), sized to
 * the client's EDNS0 buffer (dig offers 1232) or 512 bytes without one, never above RFC 6762's
 * 9000-byte cap. An OPT record goes back when the query had one, as RFC 6891 asks.
 */
export function legacyReply(query: DecodedPacket, groups: readonly RecordGroup[]): Buffer {
  const opt = (query.additionals ?? []).find((record): record is OptAnswer => record.type === 'OPT');
  const limit = Math.min(Math.max(opt?.udpPayloadSize ?? CLASSIC_DNS_LIMIT, CLASSIC_DNS_LIMIT), MDNS_MAX_PAYLOAD);
  const trailer: Answer[] = opt
    ? [{ name: '.', type: 'OPT', udpPayloadSize: MDNS_PAYLOAD_LIMIT, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
    : [];
  // dns-packet decodes a class it does not know as "UNKNOWN_n" and would encode it as 0.
  const questions = (query.questions ?? []).map((q) => ({ name: q.name, type: q.type, class: questionClass(q).klass === 255 ? 'ANY' as const : 'IN' as const }));
  return packSingle(groups, limit, { id: query.id ?? 0, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions, trailer });
}
