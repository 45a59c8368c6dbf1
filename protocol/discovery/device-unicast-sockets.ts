import dgram, { type RemoteInfo, type Socket } from 'node:dgram';

export type UnicastHandler = (message: Buffer, from: RemoteInfo, socket: Socket) => void;

/**
 * One small UDP socket per device address on the mDNS port. `dig @127.77.0.1 -p 5353` drops a
 * reply whose source is not the address it asked, and a socket bound to 0.0.0.0 answers from
 * whatever address routing picks; a socket bound to the device's own address answers from it.
 * Linux hands a unicast datagram to the socket bound to its exact destination ahead of a
 * wildcard one, and multicast (to 224.0.0.251) never reaches these sockets, so they only ever
 * see queries sent straight to a device. reuseAddr lets them share the port with the
 * multicast socket. Cost: one file descriptor and a few kB per address (see the tests' report).
 */
export class DeviceUnicastSockets {
  readonly #port: number;
  readonly #onMessage: UnicastHandler;
  readonly #onWarning: (error: Error) => void;
  readonly #open = new Map<string, Promise<Socket | undefined>>();
  #bound = 0;

  constructor(port: number, onMessage: UnicastHandler, onWarning: (error: Error) => void) {
    this.#port = port;
    this.#onMessage = onMessage;
    this.#onWarning = onWarning;
  }

  /** Sockets actually bound (an address that could not be bound does not count). */
  get size(): number {
    return this.#bound;
  }

  /** Opens sockets for new addresses and closes those no device uses any more. */
  async sync(addresses: ReadonlySet<string>): Promise<void> {
    const work: Promise<unknown>[] = [];
    for (const address of this.#open.keys()) if (!addresses.has(address)) work.push(this.#close(address));
    for (const address of addresses) if (!this.#open.has(address)) work.push(this.#bind(address));
    await Promise.all(work);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open.keys()].map((address) => this.#close(address)));
  }

  #bind(address: string): Promise<Socket | undefined> {
    const opening = new Promise<Socket | undefined>((resolve) => {
      const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      const failed = (error: Error): void => {
        // Not an address of this host, out of file descriptors...: that device simply gets no
        // legacy unicast answers; the multicast responder still covers it.
        this.#onWarning(new Error(`mDNS unicast socket on ${address}:${this.#port}: ${error.message}`));
        try { socket.close(); } catch { /* already closed */ }
        resolve(undefined);
      };
      socket.once('error', failed);
      socket.on('message', (message, from) => this.#onMessage(message, from, socket));
      socket.bind(this.#port, address, () => {
        socket.off('error', failed);
        socket.on('error', (error) => this.#onWarning(error));
        this.#bound++;
        resolve(socket);
      });
    });
    this.#open.set(address, opening);
    return opening;
  }

  async #close(address: string): Promise<void> {
    const opening = this.#open.get(address);
    this.#open.delete(address);
    const socket = await opening;
    if (!socket) return;
    this.#bound--;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
