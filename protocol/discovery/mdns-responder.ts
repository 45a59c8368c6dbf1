import type { RemoteInfo, Socket } from 'node:dgram';
import dnsPacket, { type DecodedPacket } from 'dns-packet';
import type { AdvertisedDevice, DiscoverySource } from './advertised-device.js';
import { MdnsAnnouncer } from './mdns-announcer.js';
import { KnownAnswers, type RecordGroup } from './mdns-answers.js';
import { MDNS_GROUP, replyToQuery } from './mdns-query-reply.js';
import { openMdnsSocket } from './mdns-socket.js';
import { DeviceUnicastSockets } from './device-unicast-sockets.js';
import { KnownAnswerAssembler, type AssembledQuery } from './known-answer-assembler.js';
import { MulticastResponseQueue } from './mdns-response-queue.js';
import { packResponses, payloadLimitFor } from './mdns-packets.js';
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
  /** DNS message bytes per multicast packet (default: payloadLimitFor(interfaceAddress)). */
  payloadLimit?: number;
  /** Tests: the §6 wait before a response with shared records (default 20–120 ms). */
  sharedDelayMs?: () => number;
  /** Tests: the §7.2 wait for the rest of a TC query's known answers (default 400–500 ms). */
  knownAnswerWaitMs?: () => number;
}

/**
 * Pacing of everything the responder sends: up to 8,000 bytes (one 7,600-byte loopback packet,
 * or five LAN-sized ones), then 8 ms, about 1 MB/s. A reader that takes one datagram per turn of
 * its event loop while busy elsewhere (avahi-daemon resolving over D-Bus) keeps up, where a burst
 * overflowed its socket buffer and each loss cost a re-query one to four seconds later; a browse
 * of 1,000 devices (~230 KB, 31 loopback packets) still leaves within ~250 ms.
 */
const PACE = { burst: 8, burstBytes: 8000, pauseMs: 8 };

export interface MdnsCounters {
  queriesReceived: number;
  queriesAnswered: number;
  legacyQueriesAnswered: number;
  packetsSent: number;
  bytesSent: number;
  sendErrors: number;
  unicastSockets: number;
  /** Queries with the TC bit held for the rest of their known answers (RFC 6762 §7.2). */
  knownAnswerWaits: number;
  /** Group responses queued (one per query answered) and sent (after merging, §6). */
  responsesQueued: number;
  responsesSent: number;
}

interface QueryContext {
  query: DecodedPacket;
  from: RemoteInfo;
  socket: Socket;
  viaGroup: boolean;
}

/**
 * Answers mDNS for every advertised device from one multicast socket (RFC 6762), plus one
 * unicast socket per device address for legacy queries (dig). Known answers suppress what the
 * querier holds (§7.1), gathered over every packet of a query with the TC bit (§7.2, 400–500 ms
 * wait); answers to the group wait 20–120 ms when they hold a shared PTR and merge with other
 * answers due then (§6); legacy and direct unicast queries are answered at once. Packets are
 * as large as the interface allows (payloadLimitFor: 9,000 bytes on loopback, 1,400 elsewhere).
 */
export class MdnsResponder {
  readonly #source: DiscoverySource;
  readonly #port: number;
  readonly #interface: string;
  readonly #warn: (error: Error) => void;
  readonly #sender = new PacedSender(PACE);
  readonly #limit: number;
  readonly #unicast: DeviceUnicastSockets | undefined;
  readonly #announcer: MdnsAnnouncer;
  readonly #assembler: KnownAnswerAssembler<QueryContext>;
  readonly #responses: MulticastResponseQueue;
  #socket: Socket | undefined;
  #closeSocket: (() => Promise<void>) | undefined;
  #syncing: Promise<void> = Promise.resolve();
  #counts = { queriesReceived: 0, queriesAnswered: 0, legacyQueriesAnswered: 0 };

  constructor(options: MdnsResponderOptions) {
    this.#source = options.source;
    this.#port = options.port ?? 5353;
    this.#interface = options.interfaceAddress ?? '127.0.0.1';
    this.#warn = options.onWarning ?? (() => {});
    this.#limit = options.payloadLimit ?? payloadLimitFor(this.#interface);
    this.#assembler = new KnownAnswerAssembler((query) => this.#answerAssembled(query), { ...(options.knownAnswerWaitMs ? { waitMs: options.knownAnswerWaitMs } : {}) });
    this.#responses = new MulticastResponseQueue((groups) => this.#sendToGroup(groups), { ...(options.sharedDelayMs ? { sharedDelayMs: options.sharedDelayMs } : {}) });
    this.#unicast = options.unicastSockets === false ? undefined
      : new DeviceUnicastSockets(this.#port, (message, from, socket) => this.#onUnicast(message, from, socket), this.#warn);
    this.#announcer = new MdnsAnnouncer((packets) => {
      if (this.#socket) this.#sender.send(this.#socket, packets, this.#port, MDNS_GROUP);
    }, () => void this.sync(), this.#limit);
  }

  get counters(): MdnsCounters {
    const { packetsSent, bytesSent, sendErrors } = this.#sender;
    return {
      ...this.#counts, packetsSent, bytesSent, sendErrors, unicastSockets: this.#unicast?.size ?? 0,
      knownAnswerWaits: this.#assembler.held, responsesQueued: this.#responses.queued, responsesSent: this.#responses.sent,
    };
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
    this.#assembler.close();
    this.#responses.close();
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
      // A legacy querier (not from the mDNS port) gets one immediate packet; a full mDNS querier
      // may spread its known answers over several packets (TC bit), gathered first.
      if (from.port !== this.#port) this.#reply(query, from, socket, viaGroup, new KnownAnswers(), false);
      else this.#assembler.receive(`${viaGroup ? 'group' : socket.address().address}|${from.address}|${from.port}`, query, { query, from, socket, viaGroup });
    } catch (error) {
      // A query shape the code did not foresee must cost that query, never the responder.
      this.#warn(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #answerAssembled({ questions, known, packets, context }: AssembledQuery<QueryContext>): void {
    try {
      this.#reply({ ...context.query, questions }, context.from, context.socket, context.viaGroup, known, packets > 1 || context.query.flag_tc);
    } catch (error) {
      this.#warn(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** `waited`: the query already waited 400–500 ms for its known answers, which stands for the §6 delay. */
  #reply(query: DecodedPacket, from: RemoteInfo, socket: Socket, viaGroup: boolean, known: KnownAnswers, waited: boolean): void {
    const reply = replyToQuery(query, from, this.#source.advertised(), this.#port, viaGroup, known, this.#limit);
    if (!reply) return;
    this.#counts.queriesAnswered++;
    if (reply.legacy) this.#counts.legacyQueriesAnswered++;
    if (reply.viaGroup) this.#responses.add(reply.groups, reply.shared && !waited);
    else this.#sender.send(socket, reply.packets, reply.port, reply.address);
  }

  #sendToGroup(groups: RecordGroup[]): void {
    if (this.#socket && groups.length > 0) this.#sender.send(this.#socket, packResponses(groups, this.#limit), this.#port, MDNS_GROUP);
  }
}
