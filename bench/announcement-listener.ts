import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';

/**
 * Hears a fleet's unsolicited mDNS announcements on a private port of the loopback interface
 * and notes when each device's address record first arrives: "every device announced" is a
 * moment on the wire, not a promise of the emulator's. A raw dgram socket and dns-packet, so
 * the emulator's own discovery code is not the judge of itself.
 */
export class AnnouncementListener {
  readonly #socket: dgram.Socket;
  readonly #firstSeen = new Map<string, number>();
  #packets = 0;
  #largest = 0;

  private constructor(socket: dgram.Socket) {
    this.#socket = socket;
    socket.on('message', (message) => {
      this.#packets++;
      this.#largest = Math.max(this.#largest, message.length);
      let packet: dnsPacket.Packet;
      try {
        packet = dnsPacket.decode(message);
      } catch {
        return;
      }
      if (packet.type !== 'response') return;
      for (const record of [...(packet.answers ?? []), ...(packet.additionals ?? [])]) {
        if (record.type === 'A' && record.ttl !== 0 && !this.#firstSeen.has(String(record.data))) this.#firstSeen.set(String(record.data), performance.now());
      }
    });
  }

  /** Joins 224.0.0.251 on 127.0.0.1 only, at `port` (shared with the emulator via SO_REUSEADDR). */
  static async listen(port: number): Promise<AnnouncementListener> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port, address: '0.0.0.0' }, () => {
        socket.off('error', reject);
        socket.addMembership('224.0.0.251', '127.0.0.1');
        socket.setMulticastInterface('127.0.0.1');
        resolve();
      });
    });
    return new AnnouncementListener(socket);
  }

  /** Distinct device addresses announced so far. */
  get announced(): number {
    return this.#firstSeen.size;
  }

  get packets(): number {
    return this.#packets;
  }

  get largestPacket(): number {
    return this.#largest;
  }

  /** The time (performance.now) the last of `ips` was first announced, or undefined if one is missing. */
  lastFirstSeen(ips: readonly string[]): number | undefined {
    let last = 0;
    for (const ip of ips) {
      const at = this.#firstSeen.get(ip);
      if (at === undefined) return undefined;
      last = Math.max(last, at);
    }
    return last;
  }

  close(): void {
    this.#socket.close();
  }
}
