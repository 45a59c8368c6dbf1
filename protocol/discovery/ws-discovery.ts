import dgram, { type RemoteInfo, type Socket } from 'node:dgram';
import type { AdvertisedDevice, DiscoverySource } from './advertised-device.js';
import { PacedSender } from './paced-sender.js';
import { parseProbe, probeMatchesMessage, scopesMatch, scopesOf, WSD_GROUP, type Probe } from './ws-discovery-messages.js';

export interface WsDiscoveryOptions {
  source: DiscoverySource;
  port?: number;
  /** The one interface to join the group on (loopback keeps traffic on this host). */
  interfaceAddress?: string;
  /**
   * Which devices answer Probes. Default: cameras only. A VIGI NVR's ONVIF server is off until
   * enabled (`onvif_server`, wire facts §3.3), so NVRs stay silent until the NVR emulation says
   * otherwise through this predicate.
   */
  answers?: (device: AdvertisedDevice) => boolean;
  onWarning?: (error: Error) => void;
}

/** A Probe is a few hundred bytes; anything this big is not one worth parsing. */
const MAX_PROBE_BYTES = 16 * 1024;

/**
 * ONVIF WS-Discovery responder for the whole fleet on one socket: each matching device sends
 * its own ProbeMatches, unicast to the prober, with XAddrs on the device's own address. Only
 * Probe is handled (no Hello/Bye/Resolve); anything else, malformed or not, is ignored.
 */
export class WsDiscoveryResponder {
  readonly #source: DiscoverySource;
  readonly #port: number;
  readonly #interface: string;
  readonly #answers: (device: AdvertisedDevice) => boolean;
  readonly #warn: (error: Error) => void;
  readonly #sender = new PacedSender();
  /** WS-Discovery AppSequence: a new instance id per start, a counter per message. */
  readonly #sequence = { instanceId: Math.floor(Date.now() / 1000), messageNumber: 0 };
  #socket: Socket | undefined;
  #counts = { probesReceived: 0, probesAnswered: 0, ignored: 0 };

  constructor(options: WsDiscoveryOptions) {
    this.#source = options.source;
    this.#port = options.port ?? 3702;
    this.#interface = options.interfaceAddress ?? '127.0.0.1';
    this.#answers = options.answers ?? ((device) => device.kind === 'camera');
    this.#warn = options.onWarning ?? (() => {});
  }

  get counters() {
    const { packetsSent, bytesSent, sendErrors } = this.#sender;
    return { ...this.#counts, packetsSent, bytesSent, sendErrors };
  }

  async start(): Promise<void> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        // Bound to 0.0.0.0: a socket bound to one address never sees datagrams sent to the group.
        socket.bind(this.#port, '0.0.0.0', () => {
          socket.off('error', reject);
          resolve();
        });
      });
      socket.addMembership(WSD_GROUP, this.#interface);
      socket.setMulticastInterface(this.#interface);
      socket.setMulticastLoopback(true);
    } catch (error) {
      socket.close();
      throw error;
    }
    socket.on('error', (error) => this.#warn(error));
    socket.on('message', (data, from) => this.#onMessage(data, from));
    this.#socket = socket;
  }

  async close(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    await this.#sender.drained();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }

  #onMessage(data: Buffer, from: RemoteInfo): void {
    const socket = this.#socket;
    let probe: Probe | undefined;
    try {
      probe = data.length <= MAX_PROBE_BYTES ? parseProbe(data.toString('utf8')) : undefined;
    } catch {
      probe = undefined;
    }
    if (!socket || !probe) {
      this.#counts.ignored++;
      return;
    }
    this.#counts.probesReceived++;
    const wanted = probe.types;
    const typeOk = wanted.length === 0 || wanted.includes('NetworkVideoTransmitter');
    const matching = typeOk ? this.#source.advertised().filter((d) => this.#answers(d) && scopesMatch(probe.scopes, scopesOf(d))) : [];
    if (matching.length === 0) return;
    this.#counts.probesAnswered++;
    const messages = matching.map((device) => Buffer.from(probeMatchesMessage(device, probe.messageId, {
      instanceId: this.#sequence.instanceId, messageNumber: ++this.#sequence.messageNumber,
    })));
    this.#sender.send(socket, messages, from.port, from.address);
  }
}
