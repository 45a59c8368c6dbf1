import dgram, { type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';

/** One datagram heard on the mDNS group, decoded, with the bench clock's time of arrival. */
export interface CapturedPacket {
  readonly at: number;
  readonly size: number;
  readonly from: string;
  readonly response: boolean;
  /** Names asked about (queries) or PTR targets answered for `_vigi._tcp.local` (responses). */
  readonly questions: readonly string[];
  readonly vigiPtrs: number;
  readonly records: number;
  readonly truncated: boolean;
}

/**
 * A plain dgram socket on the mDNS group and port, pinned to loopback, that records every
 * datagram (written for the bench: it does not use the project's mDNS code). Its receive
 * buffer is raised to 4 MiB so the capture itself loses nothing in a burst.
 */
export class MdnsCapture {
  readonly packets: CapturedPacket[] = [];
  undecodable = 0;

  private constructor(private readonly socket: Socket) {}

  static async open(port: number, group = '224.0.0.251'): Promise<MdnsCapture> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    const capture = new MdnsCapture(socket);
    socket.on('message', (data, from) => capture.#record(data, from.address));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '0.0.0.0', () => resolve());
    });
    socket.setMulticastInterface('127.0.0.1');
    socket.addMembership(group, '127.0.0.1');
    try {
      socket.setRecvBufferSize(4 << 20);
    } catch {
      // capped by net.core.rmem_max: keep the default
    }
    return capture;
  }

  #record(data: Buffer, from: string): void {
    const at = performance.now();
    try {
      const packet = dnsPacket.decode(data);
      const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
      this.packets.push({
        at, size: data.length, from, response: packet.type === 'response',
        questions: (packet.questions ?? []).map((q) => `${q.name.toLowerCase()} ${q.type}`),
        vigiPtrs: (packet.answers ?? []).filter((r) => r.type === 'PTR' && r.name.toLowerCase() === '_vigi._tcp.local' && r.ttl !== 0).length,
        records: records.length,
        truncated: packet.flag_tc === true,
      });
    } catch {
      this.undecodable++;
    }
  }

  /** Packets heard at or after `since` (bench clock). */
  since(since: number): CapturedPacket[] {
    return this.packets.filter((p) => p.at >= since);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
