/**
 * DNS name compression (RFC 1035 §4.1.4) as a post-pass over an encoded message. dns-packet,
 * under multicast-dns, writes every name in full; this rewrites a message so that each name, or
 * its longest tail already written earlier in the message, becomes a two-byte pointer. Only the
 * byte layout changes: any decoder reads the same records back.
 *
 * Names are compressed where they are the owner of a question or record, and inside the rdata
 * of the types whose rdata RFC 1035 and RFC 3597 §4 let a decoder expand (NS, CNAME, PTR, MX,
 * SOA), plus SRV when `srvRdata` is set: RFC 6762 §18.14 asks mDNS to compress SRV targets,
 * while RFC 2782 forbids it in unicast DNS, so a legacy (dig) answer writes them whole. All
 * other rdata (TXT, A, OPT, NSEC...) is copied byte for byte, so it must not hold pointers of
 * its own (dns-packet never writes any). A pointer only ever points at a name written with
 * exactly the same bytes (case included), so decoded names keep their case.
 */
export interface CompressionOptions {
  /** Compress the target of SRV records (mDNS: yes; a unicast DNS answer: no). Default true. */
  readonly srvRdata?: boolean;
}

const TYPE_NS = 2;
const TYPE_CNAME = 5;
const TYPE_SOA = 6;
const TYPE_PTR = 12;
const TYPE_MX = 15;
const TYPE_SRV = 33;
/** A pointer holds a 14-bit offset. */
const MAX_POINTER_TARGET = 0x3fff;
/** Pointers followed while reading one name, so a looping input cannot hang us. */
const MAX_JUMPS = 64;

/** A name as read: its labels in wire form, root excluded, and where each label starts. */
interface WireName {
  readonly wire: Buffer;
  readonly starts: readonly number[];
}

class Reader {
  constructor(readonly buffer: Buffer, public offset = 0) {}

  need(bytes: number): void {
    if (this.offset + bytes > this.buffer.length) throw new RangeError(`DNS message truncated at byte ${this.offset}`);
  }

  u16(): number {
    this.need(2);
    const value = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  bytes(count: number): Buffer {
    this.need(count);
    const slice = this.buffer.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  /** One name, pointers in the input followed; the reader moves past it. */
  name(): WireName {
    const pieces: Buffer[] = [];
    const starts: number[] = [];
    let size = 0;
    let at = this.offset;
    let pieceStart = at;
    let jumps = 0;
    let resume = -1;
    for (;;) {
      if (at >= this.buffer.length) throw new RangeError('DNS name runs past the message');
      const length = this.buffer[at]!;
      if (length === 0) {
        pieces.push(this.buffer.subarray(pieceStart, at));
        at += 1;
        break;
      }
      if ((length & 0xc0) === 0xc0) {
        if (at + 1 >= this.buffer.length) throw new RangeError('DNS name pointer truncated');
        if (++jumps > MAX_JUMPS) throw new RangeError('DNS name pointers loop');
        pieces.push(this.buffer.subarray(pieceStart, at));
        if (resume < 0) resume = at + 2;
        at = this.buffer.readUInt16BE(at) & MAX_POINTER_TARGET;
        pieceStart = at;
        continue;
      }
      if ((length & 0xc0) !== 0) throw new RangeError(`DNS label type 0x${length.toString(16)} not supported`);
      if (at + 1 + length > this.buffer.length) throw new RangeError('DNS label runs past the message');
      starts.push(size);
      size += 1 + length;
      at += 1 + length;
    }
    this.offset = resume >= 0 ? resume : at;
    // Without pointers (dns-packet's output) the name is one slice of the input: no copy.
    return { wire: pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, size), starts };
  }
}

/** The output, grown as needed (it only grows when the input itself was compressed). */
class Writer {
  #out: Buffer;
  #length = 0;
  /** Wire form of a name tail (latin1, so every byte maps to one char) → where it was written. */
  readonly #tails = new Map<string, number>();

  constructor(capacity: number) {
    this.#out = Buffer.allocUnsafe(Math.max(capacity, 12));
  }

  get length(): number {
    return this.#length;
  }

  #room(bytes: number): void {
    if (this.#length + bytes <= this.#out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#out.length * 2, this.#length + bytes));
    this.#out.copy(bigger, 0, 0, this.#length);
    this.#out = bigger;
  }

  raw(bytes: Buffer): void {
    this.#room(bytes.length);
    bytes.copy(this.#out, this.#length);
    this.#length += bytes.length;
  }

  u16(value: number): void {
    this.#room(2);
    this.#out.writeUInt16BE(value, this.#length);
    this.#length += 2;
  }

  patch16(value: number, at: number): void {
    this.#out.writeUInt16BE(value, at);
  }

  /** Writes a name, as a pointer to its longest tail already written when `compress`. */
  name({ wire, starts }: WireName, compress: boolean): void {
    for (let i = 0; i < starts.length; i++) {
      const tail = wire.toString('latin1', starts[i]);
      const earlier = this.#tails.get(tail);
      if (compress && earlier !== undefined) {
        this.u16(0xc000 | earlier);
        return;
      }
      if (earlier === undefined && this.#length <= MAX_POINTER_TARGET) this.#tails.set(tail, this.#length);
      this.raw(wire.subarray(starts[i], starts[i + 1] ?? wire.length));
    }
    this.raw(ROOT);
  }

  finish(): Buffer {
    return this.#out.subarray(0, this.#length);
  }
}

const ROOT = Buffer.from([0]);

/** Where names sit in a record's rdata: the bytes before the first, how many names in a row. */
function namesInRdata(type: number, srvRdata: boolean): { skip: number; names: number; compress?: boolean } | undefined {
  switch (type) {
    case TYPE_NS:
    case TYPE_CNAME:
    case TYPE_PTR:
      return { skip: 0, names: 1 };
    case TYPE_MX:
      return { skip: 2, names: 1 };
    case TYPE_SOA:
      return { skip: 0, names: 2 };
    case TYPE_SRV:
      return { skip: 6, names: 1, compress: srvRdata };
    default:
      return undefined;
  }
}

/** `message` with every name it may compress replaced by a pointer to its earlier copy. */
export function compressMessage(message: Buffer, options: CompressionOptions = {}): Buffer {
  const srvRdata = options.srvRdata ?? true;
  const input = new Reader(message);
  const out = new Writer(message.length);
  const header = input.bytes(12);
  out.raw(header);
  const [questions, ...records] = [4, 6, 8, 10].map((at) => header.readUInt16BE(at)) as [number, number, number, number];
  for (let i = 0; i < questions; i++) {
    out.name(input.name(), true);
    out.raw(input.bytes(4)); // type, class
  }
  const total = records.reduce((sum, n) => sum + n, 0);
  for (let i = 0; i < total; i++) {
    out.name(input.name(), true);
    const fixed = input.bytes(8); // type, class, TTL
    const type = fixed.readUInt16BE(0);
    out.raw(fixed);
    const rdlength = input.u16();
    const rdata = new Reader(message, input.offset);
    input.bytes(rdlength);
    const layout = namesInRdata(type, srvRdata);
    if (!layout) {
      out.u16(rdlength);
      out.raw(rdata.bytes(rdlength));
      continue;
    }
    const lengthAt = out.length;
    out.u16(0); // rdlength, patched once the rdata is written
    const start = out.length;
    out.raw(rdata.bytes(layout.skip));
    for (let n = 0; n < layout.names; n++) out.name(rdata.name(), layout.compress ?? true);
    const rest = rdlength - (rdata.offset - (input.offset - rdlength));
    if (rest < 0) throw new RangeError(`rdata of type ${type} longer than its rdlength`);
    out.raw(rdata.bytes(rest)); // e.g. SOA's five numbers
    out.patch16(out.length - start, lengthAt);
  }
  if (input.offset !== message.length) out.raw(message.subarray(input.offset)); // trailing bytes, kept as they were
  return out.finish();
}
