import dnsPacket, { type Answer, type DecodedPacket, type OptAnswer } from 'dns-packet';
import type { AdvertisedDevice } from './advertised-device.js';
import { answerQuestions, hasSharedAnswer, KnownAnswers, questionClass, type RecordGroup } from './mdns-answers.js';
import { MDNS_MAX_PAYLOAD, MDNS_PAYLOAD_LIMIT, packResponses, packSingle } from './mdns-packets.js';

export const MDNS_GROUP = '224.0.0.251';
/** A conventional DNS client's limit without EDNS0 (RFC 1035 §4.2.1). */
const CLASSIC_DNS_LIMIT = 512;

export interface QueryReply {
  /** The records to send, known answers already taken out. */
  groups: RecordGroup[];
  /** Encoded packets for a unicast reply (legacy or straight back); empty for the group. */
  packets: Buffer[];
  port: number;
  address: string;
  legacy: boolean;
  /** Goes to the group: the caller queues `groups` (RFC 6762 §6 delay and aggregation). */
  viaGroup: boolean;
  /** Holds a member of a shared record set (a PTR): a group response waits 20–120 ms. */
  shared: boolean;
}

/**
 * How to answer one query, or undefined when we own none of what it asks or the querier knows
 * it all already. A query from a port other than the mDNS port is a legacy unicast query
 * (RFC 6762 §6.7). A query sent straight to a device is answered straight back (§5.5). A query
 * to the group is answered to the group, even with the QU bit: §5.4 allows it, and a unicast
 * reply to another stack on this host would land on whichever socket bound the shared port last
 * (§15.1), quite possibly not the querier's. `known`: the query's known answers, gathered over
 * all its packets when it came with the TC bit (§7.2); default, those of this packet.
 * `limit`: the DNS message size on the interface (see payloadLimitFor).
 */
export function replyToQuery(query: DecodedPacket, from: { address: string; port: number }, devices: readonly AdvertisedDevice[], mdnsPort: number, viaGroup: boolean,
  known: KnownAnswers = new KnownAnswers(query.answers ?? []), limit = MDNS_PAYLOAD_LIMIT): QueryReply | undefined {
  const legacy = from.port !== mdnsPort;
  // A legacy querier sends no known answers worth the name (RFC 6762 §6.7), and gets one packet.
  const groups = answerQuestions(query.questions ?? [], legacy ? new KnownAnswers() : known, devices, { legacy });
  if (groups.length === 0) return undefined;
  const shared = hasSharedAnswer(groups);
  if (legacy) return { groups, packets: [legacyReply(query, groups, from.address.startsWith('127.'))], port: from.port, address: from.address, legacy, viaGroup: false, shared };
  if (viaGroup) return { groups, packets: [], port: mdnsPort, address: MDNS_GROUP, legacy, viaGroup, shared };
  return { groups, packets: packResponses(groups, limit), port: from.port, address: from.address, legacy, viaGroup, shared };
}

/**
 * The one-packet answer a legacy client reads: the query's id and question echoed, no
 * cache-flush bit and TTLs of at most 10 s (both set by the record builder), sized to the
 * client's EDNS0 buffer (dig offers 1232) or 512 bytes without one, never above RFC 6762's
 * 9000-byte cap. An OPT record goes back when the query had one, as RFC 6891 asks.
 * On loopback (MTU 64 KiB, nothing to fragment) the reply may use the whole 9000 bytes, so
 * `dig @<device ip> -p 5353 _vigi._tcp.local PTR` shows every device's SRV, TXT and A: dig
 * reads replies larger than the buffer it offers. Elsewhere the client's buffer is honoured.
 */
export function legacyReply(query: DecodedPacket, groups: readonly RecordGroup[], loopback: boolean): Buffer {
  const opt = (query.additionals ?? []).find((record): record is OptAnswer => record.type === 'OPT');
  const offered = Math.min(Math.max(opt?.udpPayloadSize ?? CLASSIC_DNS_LIMIT, CLASSIC_DNS_LIMIT), MDNS_MAX_PAYLOAD);
  const limit = loopback ? MDNS_MAX_PAYLOAD : offered;
  const trailer: Answer[] = opt
    ? [{ name: '.', type: 'OPT', udpPayloadSize: MDNS_PAYLOAD_LIMIT, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
    : [];
  // dns-packet decodes a class it does not know as "UNKNOWN_n" and would encode it as 0.
  const questions = (query.questions ?? []).map((q) => ({ name: q.name, type: q.type, class: questionClass(q) === 255 ? 'ANY' as const : 'IN' as const }));
  return packSingle(groups, limit, { id: query.id ?? 0, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions, trailer, compressSrv: false });
}
