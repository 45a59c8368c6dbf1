import dnsPacket, { type Answer, type Packet, type Question } from 'dns-packet';
import { compressMessage } from './dns-name-compression.js';
import type { RecordGroup } from './mdns-answers.js';

/**
 * Bytes of DNS payload per multicast packet. RFC 6762 §17 wants packets within the link MTU:
 * 1500 minus IPv6 (40) and UDP (8) headers leaves 1452; 1400 keeps a margin for tunnels and
 * VLAN tags, and what fits IPv6 fits IPv4. Names are compressed (RFC 1035 §4.1.4, RFC 6762
 * §18.14), so a device's four records take ~230 bytes rather than ~380: about six devices per
 * packet instead of three.
 */
export const MDNS_PAYLOAD_LIMIT = 1400;
/** RFC 6762 §17: never above 9000 bytes including the IP and UDP headers. */
export const MDNS_MAX_PAYLOAD = 9000 - 28;

/**
 * DNS message bytes per multicast packet on loopback. RFC 6762 §17 lets a packet fill the
 * interface MTU (65,536 on Linux's `lo`: nothing there is fragmented or tunnelled) up to 9,000
 * bytes with headers. Not the whole 9,000, though: Linux charges a received datagram to the
 * receiver's socket buffer by the allocation that holds it, 8 KiB up to ~7,800 bytes of DNS
 * message and 16 KiB above. A default 208 KiB buffer then holds 25 packets of 7,600 bytes
 * (~800 devices) but only 12 of 8,972 (~450): a reader that falls behind, such as avahi-daemon
 * busy resolving over D-Bus, drops half as much. (Measured on Linux 6.18; the size is only ever
 * lower than §17 allows, so a kernel that allocates otherwise costs nothing.)
 */
export const MDNS_LOOPBACK_PAYLOAD = 7600;

/**
 * The DNS message size for multicast on the interface with this IPv4 address: on loopback
 * (127/8) MDNS_LOOPBACK_PAYLOAD, about 33 devices a packet, so a browse of 1,000 devices is ~31
 * datagrams instead of ~200; on any other interface, taken for a 1,500-byte LAN whatever its MTU
 * says, MDNS_PAYLOAD_LIMIT (~6 devices a packet).
 */
export function payloadLimitFor(interfaceAddress: string): number {
  return /^127\./.test(interfaceAddress) ? MDNS_LOOPBACK_PAYLOAD : MDNS_PAYLOAD_LIMIT;
}

const HEADER_BYTES = 12;
const sizes = new WeakMap<Answer, number>();
/** A record's size written without compression (kept per record object; records are not mutated). */
function recordBytes(record: Answer): number {
  let size = sizes.get(record);
  if (size === undefined) {
    size = dnsPacket.encodingLength({ answers: [record] }) - HEADER_BYTES;
    sizes.set(record, size);
  }
  return size;
}

export interface PacketHeader {
  id?: number;
  flags?: number;
  questions?: readonly Question[];
  /** Records that close every packet, such as an EDNS0 OPT in a legacy answer. */
  trailer?: readonly Answer[];
  /** Compress SRV targets too (RFC 6762 §18.14); a unicast DNS answer leaves them whole (RFC 2782). Default true. */
  compressSrv?: boolean;
}

function encode(header: PacketHeader, answers: readonly Answer[], additionals: readonly Answer[], extraFlags = 0): Buffer {
  const packet: Packet = {
    type: 'response', id: header.id ?? 0, flags: (header.flags ?? dnsPacket.AUTHORITATIVE_ANSWER) | extraFlags,
    questions: [...(header.questions ?? [])], answers: [...answers], additionals: [...additionals, ...(header.trailer ?? [])],
  };
  return compressMessage(dnsPacket.encode(packet), { srvRdata: header.compressSrv ?? true });
}

/** dns-packet's labels of a name (it drops one leading and one trailing dot, then splits). */
const labelsOf = (name: string): string[] => name.replace(/^\.|\.$/g, '').split('.').filter((label) => label.length > 0);

/**
 * What records will cost in a compressed packet, taken in the order given: each name is
 * charged up to its longest tail already seen, then two bytes for the pointer. The encoder
 * writes answers before additional records, so the estimate can be a few bytes off either way;
 * callers check the encoded packet and move records on when it is over.
 */
class SizeEstimate {
  readonly #tails = new Set<string>();
  bytes: number;

  /** `fixed`: the encoded size of the packet without records, when the caller knows it. */
  constructor(readonly header: PacketHeader, fixed = encode(header, [], []).length) {
    this.bytes = fixed;
    for (const question of header.questions ?? []) this.#charge(question.name, new Set());
  }

  /** The bytes `records` would add, and the name tails they would bring, not yet committed. */
  cost(records: readonly Answer[]): { bytes: number; tails: Set<string> } {
    const tails = new Set<string>();
    let bytes = 0;
    for (const record of records) {
      bytes += recordBytes(record);
      for (const name of this.#names(record)) bytes -= this.#charge(name, tails);
    }
    return { bytes, tails };
  }

  commit(cost: { bytes: number; tails: Set<string> }): void {
    this.bytes += cost.bytes;
    for (const tail of cost.tails) this.#tails.add(tail);
  }

  /** The names the encoder may compress in a record: its owner, and names in PTR and SRV rdata. */
  #names(record: Answer): string[] {
    const names = [record.name];
    if ((record.type === 'PTR' || record.type === 'CNAME' || record.type === 'NS') && typeof record.data === 'string') names.push(record.data);
    if (record.type === 'SRV' && (this.header.compressSrv ?? true)) names.push(record.data.target);
    return names;
  }

  /** Bytes saved on `name` by pointing at a tail seen before (`pending` counts as seen). */
  #charge(name: string, pending: Set<string>): number {
    const labels = labelsOf(name);
    let saved = 0;
    for (let i = 0; i < labels.length; i++) {
      const tail = labels.slice(i).join('.');
      if (this.#tails.has(tail) || pending.has(tail)) {
        // The rest of the name and its root byte become a two-byte pointer.
        saved = labels.slice(i).reduce((sum, label) => sum + 1 + Buffer.byteLength(label), 0) + 1 - 2;
        break;
      }
      pending.add(tail);
    }
    return saved;
  }
}

interface Piece {
  answers: readonly Answer[];
  additionals: readonly Answer[];
}

const encodePieces = (header: PacketHeader, pieces: readonly Piece[], extraFlags = 0): Buffer =>
  encode(header, pieces.flatMap((p) => p.answers), pieces.flatMap((p) => p.additionals), extraFlags);

/**
 * Splits answers over as few packets as fit, each at most `limit` bytes compressed, never
 * splitting a group unless the group alone is too big (then its records go one by one). The
 * fixed part (header, questions, trailer) repeats in every packet. Each packet is filled by
 * estimate and then encoded once (again only when the estimate was too low).
 */
export function packResponses(groups: readonly RecordGroup[], limit: number, header: PacketHeader = {}): Buffer[] {
  const fixed = encode(header, [], []).length;
  const fitsAlone = (g: RecordGroup): boolean => {
    const records = [...g.answers, ...g.additionals];
    return fixed + records.reduce((sum, r) => sum + recordBytes(r), 0) <= limit || encodePieces(header, [g]).length <= limit;
  };
  const pieces: Piece[] = groups.flatMap((g) => (fitsAlone(g) ? [g] : [
    ...g.answers.map((r) => ({ answers: [r], additionals: [] })),
    ...g.additionals.map((r) => ({ answers: [], additionals: [r] })),
  ]));
  const packets: Buffer[] = [];
  let start = 0;
  while (start < pieces.length) {
    const estimate = new SizeEstimate(header, fixed);
    let end = start;
    while (end < pieces.length) {
      const piece = pieces[end]!;
      const cost = estimate.cost([...piece.answers, ...piece.additionals]);
      if (end > start && estimate.bytes + cost.bytes > limit) break;
      estimate.commit(cost);
      end++;
    }
    let packet = encodePieces(header, pieces.slice(start, end));
    while (packet.length > limit && end - start > 1) packet = encodePieces(header, pieces.slice(start, --end));
    packets.push(packet);
    start = end;
  }
  return packets;
}

/**
 * One packet for a legacy (conventional DNS) querier, which reads a single reply: every answer
 * and as many whole groups of additional records as fit. Dropping additional records is not a
 * truncation (RFC 2181 §9); only when the answers themselves do not fit is TC set.
 */
export function packSingle(groups: readonly RecordGroup[], limit: number, header: PacketHeader = {}): Buffer {
  const estimate = new SizeEstimate(header);
  const answers: Answer[] = [];
  let truncated = false;
  for (const record of groups.flatMap((g) => g.answers)) {
    const cost = estimate.cost([record]);
    if (estimate.bytes + cost.bytes > limit) truncated = true;
    else {
      estimate.commit(cost);
      answers.push(record);
    }
  }
  const extra: Answer[][] = [];
  for (const group of truncated ? [] : groups) {
    const cost = estimate.cost(group.additionals);
    if (group.additionals.length === 0 || estimate.bytes + cost.bytes > limit) continue;
    estimate.commit(cost);
    extra.push(group.additionals);
  }
  const build = (): Buffer => encode(header, answers, extra.flat(), truncated ? dnsPacket.TRUNCATED_RESPONSE : 0);
  let packet = build();
  // The estimate was low: shed additional groups, then answers (which truncates).
  while (packet.length > limit && extra.length > 0) {
    extra.pop();
    packet = build();
  }
  while (packet.length > limit && answers.length > 0) {
    answers.pop();
    truncated = true;
    packet = build();
  }
  return packet;
}
