import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';
import type { RecordGroup } from './mdns-answers.js';

/**
 * Bytes of DNS payload per multicast packet. RFC 6762 §17 wants packets within the link MTU:
 * 1500 minus IPv6 (40) and UDP (8) headers leaves 1452; 1400 keeps a margin for tunnels and
 * VLAN tags, and what fits IPv6 fits IPv4. (dns-packet does not compress names, so a device's
 * four records take ~380 bytes: about three devices per packet.)
 */
export const MDNS_PAYLOAD_LIMIT = 1400;
/** RFC 6762 §17: never above 9000 bytes including the IP and UDP headers. */
export const MDNS_MAX_PAYLOAD = 9000 - 28;

const HEADER_BYTES = 12;
const recordBytes = (record: Answer): number => dnsPacket.encodingLength({ answers: [record] }) - HEADER_BYTES;
const questionBytes = (questions: readonly Question[]): number => dnsPacket.encodingLength({ questions: [...questions] }) - HEADER_BYTES;

export interface PacketHeader {
  id?: number;
  flags?: number;
  questions?: readonly Question[];
  /** Records that close every packet, such as an EDNS0 OPT in a legacy answer. */
  trailer?: readonly Answer[];
}

const groupBytes = (g: RecordGroup): number => [...g.answers, ...g.additionals].reduce((sum, r) => sum + recordBytes(r), 0);

function encode(header: PacketHeader, answers: Answer[], additionals: Answer[], extraFlags = 0): Buffer {
  const packet: Packet = {
    type: 'response', id: header.id ?? 0, flags: (header.flags ?? dnsPacket.AUTHORITATIVE_ANSWER) | extraFlags,
    questions: [...(header.questions ?? [])], answers, additionals: [...additionals, ...(header.trailer ?? [])],
  };
  return dnsPacket.encode(packet);
}

/**
 * Splits answers over as many packets as needed, each at most `limit` bytes, never splitting a
 * group unless the group alone is too big (then its records go one by one). The fixed part
 * (header, questions, trailer) repeats in every packet.
 */
export function packResponses(groups: readonly RecordGroup[], limit: number, header: PacketHeader = {}): Buffer[] {
  const fixed = HEADER_BYTES + questionBytes(header.questions ?? []) + (header.trailer ?? []).reduce((s, r) => s + recordBytes(r), 0);
  const room = Math.max(limit - fixed, 1);
  const pieces = groups.flatMap((g) => (groupBytes(g) <= room ? [g] : [
    ...g.answers.map((r) => ({ answers: [r], additionals: [] })),
    ...g.additionals.map((r) => ({ answers: [], additionals: [r] })),
  ]));
  const packets: Buffer[] = [];
  let answers: Answer[] = [];
  let additionals: Answer[] = [];
  let used = 0;
  for (const piece of pieces) {
    const bytes = groupBytes(piece);
    if (used > 0 && used + bytes > room) {
      packets.push(encode(header, answers, additionals));
      answers = [];
      additionals = [];
      used = 0;
    }
    answers.push(...piece.answers);
    additionals.push(...piece.additionals);
    used += bytes;
  }
  if (used > 0) packets.push(encode(header, answers, additionals));
  return packets;
}

/**
 * One packet for a legacy (conventional DNS) querier, which reads a single reply: every answer
 * and as many whole groups of additional records as fit. Dropping additional records is not a
 * truncation (RFC 2181 §9); only when the answers themselves do not fit is TC set.
 */
export function packSingle(groups: readonly RecordGroup[], limit: number, header: PacketHeader = {}): Buffer {
  const fixed = HEADER_BYTES + questionBytes(header.questions ?? []) + (header.trailer ?? []).reduce((s, r) => s + recordBytes(r), 0);
  let used = fixed;
  const answers: Answer[] = [];
  let truncated = false;
  for (const record of groups.flatMap((g) => g.answers)) {
    const bytes = recordBytes(record);
    if (used + bytes > limit) truncated = true;
    else {
      answers.push(record);
      used += bytes;
    }
  }
  const additionals: Answer[] = [];
  for (const group of truncated ? [] : groups) {
    const bytes = group.additionals.reduce((s, r) => s + recordBytes(r), 0);
    if (used + bytes > limit) continue;
    additionals.push(...group.additionals);
    used += bytes;
  }
  return encode(header, answers, additionals, truncated ? dnsPacket.TRUNCATED_RESPONSE : 0);
}
