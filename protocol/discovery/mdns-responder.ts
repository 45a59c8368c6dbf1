import type { RemoteInfo, Socket } from 'node:dgram';
import dnsPacket, { type DecodedPacket } from 'dns-packet';
import type { AdvertisedDevice, DiscoverySource } from './advertised-device.js';
import { MdnsAnnouncer } from './mdns-announcer.js';
import { MDNS_GROUP, replyToQuery } from './mdns-query-reply.js';
import { openMdnsSocket } from './mdns-socket.js';
import { DeviceUnicastSockets } from './device-unicast-sockets.js';
import { PacedSender } from './paced-sender.js';

export { MDNS_GROUP } from './mdns-query-reply.js';

export interface MdnsResponderOptions {
  source: DiscoverySource;
  port?: number;
  /** The one interface to join the group on and send from; loopback keeps traffic on this host. */
  interfaceAddress?: string;
  /** One socket per device address so `dig @<device ip>` works (default true). */
  unicastSockets?: boolean;
  onWarning?: (error: Error) => void;
}

export interface MdnsCounters {
  queriesReceived: number;
  queriesAnswered: number;
  legacyQueriesAnswered: number;
  packetsSent: number;
  bytesSent: number;
  sendErrors: number;
  unicastSockets: number;
}

/**
 * Answers mDNS for every advertised device from one multicast socket (RFC 6762), plus one
 * unicast socket per device address for legacy queries (dig). There is no random answer delay
 * (RFC 6762 §6): it exists so that several responders do not collide, and here one process
 * answers for the whole fleet.
 */
export class MdnsResponder {
  readonly #source: DiscoverySource;
  readonly #port: number;
  readonly #interface: string;
  readonly #warn: (error: Error) => void;
  readonly #sender = new PacedSender();
  readonly #unicast: DeviceUnicastSockets | undefined;
  readonly #announcer: MdnsAnnouncer;
  #socket: Socket | undefined;
  #closeSocket: (() => Promise<void>) | undefined;
  #syncing: Promise<void> = Promise.resolve();
  #counts = { queriesReceived: 0, queriesAnswered: 0, legacyQueriesAnswered: 0 };

  constructor(options: MdnsResponderOptions) {
    this.#source = options.source;
    this.#port = options.port ?? 5353;
    this.#interface = options.interfaceAddress ?? '127.0.0.1';
    this.#warn = options.onWarning ?? (() => {});
    this.#unicast = options.unicastSockets === false ? undefined
      : new DeviceUnicastSockets(this.#port, (message, from, socket) => this.#onUnicast(message, from, socket), this.#warn);
    this.#announcer = new MdnsAnnouncer((packets) => {
      if (this.#socket) this.#sender.send(this.#socket, packets, this.#port, MDNS_GROUP);
    }, () => void this.sync());
  }

  get counters(): MdnsCounters {
    const { packetsSent, bytesSent, sendErrors } = this.#sender;
    return { ...this.#counts, packetsSent, bytesSent, sendErrors, unicastSockets: this.#unicast?.size ?? 0 };
  }

  async start(): Promise<void> {
    const { mdns, socket, close } = await openMdnsSocket(this.#port, this.#interface);
    mdns.on('error', (error: Error) => this.#warn(error));
    mdns.on('warning', (error: Error) => this.#warn(error));
    mdns.on('query', (query: DecodedPacket, from: RemoteInfo) => this.#answer(query, from, socket, true));
    this.#socket = socket;
    this.#closeSocket = close;
    await this.sync();
    for (const device of this.#source.advertised()) this.#announcer.announce(device);
  }

  /** RFC 6762 §8.3: an unsolicited response, repeated one second later. */
  announce(device: AdvertisedDevice): void {
    this.#announcer.announce(device);
  }

  /** RFC 6762 §10.1: the device's records with TTL 0, so caches drop them now. */
  goodbye(device: AdvertisedDevice): void {
    this.#announcer.goodbye(device);
  }

  /** Stops announcing a device without a goodbye (fault `mdns-silent`). */
  silence(device: AdvertisedDevice): void {
    this.#announcer.silence(device);
  }

  /** Opens or closes the per-address unicast sockets to match the advertised devices. */
  sync(): Promise<void> {
    const unicast = this.#unicast;
    if (!unicast || !this.#socket) return this.#syncing;
    const addresses = new Set([...this.#source.advertised(), ...this.#announcer.live()].map((d) => d.ip));
    this.#syncing = this.#syncing.then(() => unicast.sync(addresses));
    return this.#syncing;
  }

  /** Goodbye for every device still announced, then the sockets close. */
  async close(): Promise<void> {
    const closeSocket = this.#closeSocket;
    if (!closeSocket) return;
    this.#announcer.close(this.#source.advertised());
    await this.#sender.drained();
    this.#socket = undefined;
    this.#closeSocket = undefined;
    await closeSocket();
    await this.#syncing;
    await this.#unicast?.close();
  }

  #onUnicast(message: Buffer, from: RemoteInfo, socket: Socket): void {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: ignore
    }
    if (query.type === 'query') this.#answer(query, from, socket, false);
  }

  #answer(query: DecodedPacket, from: RemoteInfo, socket: Socket, viaGroup: boolean): void {
    this.#counts.queriesReceived++;
    try {
      const reply = replyToQuery(query, from, this.#source.advertised(), this.#port, viaGroup);
      if (!reply) return;
      this.#counts.queriesAnswered++;
      if (reply.legacy) this.#counts.legacyQueriesAnswered++;
      this.#sender.send(socket, reply.packets, reply.port, reply.address);
    } catch (error) {
      // A query shape the code did not foresee must cost that query, never the responder.
      this.#warn(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
