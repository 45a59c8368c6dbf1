import type { Socket } from 'node:dgram';

interface Datagram {
  socket: Socket;
  data: Buffer;
  port: number;
  address: string;
}

/**
 * Sends datagrams a few at a time with a pause in between. A burst of hundreds of packets
 * (300 devices answering one browse) would overflow a receiver's socket buffer before it gets
 * to read, above all a receiver in this same process, which cannot read while we send; a short
 * pause every few packets lets it drain. Send errors are counted, never thrown: a vanished
 * querier must not take the responder down.
 */
export class PacedSender {
  readonly #burst: number;
  readonly #pauseMs: number;
  readonly #queue: Datagram[] = [];
  #running = false;
  #idle: Array<() => void> = [];
  /** Handed to the socket but not yet confirmed sent: closing the socket now would drop them. */
  #inFlight = 0;
  packetsSent = 0;
  bytesSent = 0;
  sendErrors = 0;

  readonly #burstBytes: number;

  /**
   * `burst` packets, or as many as fit `burstBytes` (at least one), then a pause of `pauseMs`.
   * A byte budget paces by what fills a receiver's socket buffer, whatever the packet sizes.
   */
  constructor(options: { burst?: number; burstBytes?: number; pauseMs?: number } = {}) {
    this.#burst = options.burst ?? 2;
    this.#burstBytes = options.burstBytes ?? Number.POSITIVE_INFINITY;
    this.#pauseMs = options.pauseMs ?? 1;
  }

  send(socket: Socket, packets: readonly Buffer[], port: number, address: string): void {
    for (const data of packets) this.#queue.push({ socket, data, port, address });
    if (!this.#running) {
      this.#running = true;
      this.#pump();
    }
  }

  /** Resolves once everything queued so far has left through the kernel (send callbacks ran). */
  drained(): Promise<void> {
    if (!this.#running && this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #settle(): void {
    if (!this.#running && this.#inFlight === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Forgets what has not been sent yet (the sockets are about to close). */
  clear(): void {
    this.#queue.length = 0;
  }

  #pump(): void {
    let bytes = 0;
    for (let sent = 0; sent < this.#burst; sent++) {
      const next = this.#queue[0];
      if (!next) {
        this.#running = false;
        this.#settle();
        return;
      }
      if (sent > 0 && bytes + next.data.length > this.#burstBytes) break;
      this.#queue.shift();
      bytes += next.data.length;
      this.#sendOne(next);
    }
    setTimeout(() => this.#pump(), this.#pauseMs).unref();
  }

  #sendOne({ socket, data, port, address }: Datagram): void {
    try {
      this.#inFlight++;
      socket.send(data, port, address, (error) => {
        if (error) this.sendErrors++;
        this.#inFlight--;
        this.#settle();
      });
      this.packetsSent++;
      this.bytesSent += data.length;
    } catch {
      this.#inFlight--;
      // The socket closed under us (ERR_SOCKET_DGRAM_NOT_RUNNING): nothing to deliver to.
      this.sendErrors++;
    }
  }
}
