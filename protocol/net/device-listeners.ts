import type http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import type { DeviceCertificates } from '../tls/device-certificates.js';

export interface ListenerTarget { deviceId: string; ip: string; name: string }
/** 'reset': the device is powered off or offline, so the connection is reset at once. */
export type ConnectionPolicy = 'serve' | 'reset';

export interface DeviceListenersOptions {
  /** Bind address, e.g. '0.0.0.0' (reaches every 127.77.x.y) or one device's IP. */
  host: string;
  /** 0 = ephemeral. */
  httpPort: number;
  /** 0 = ephemeral. */
  httpsPort: number;
  /** Not listening itself: accepted (and, for HTTPS, decrypted) sockets are emitted to it. */
  server: http.Server;
  /** The device owning a local IP; undefined drops the connection as if nobody were there. */
  resolve(localAddress: string): { target: ListenerTarget; policy: ConnectionPolicy } | undefined;
  certificates: DeviceCertificates;
  /** Listener-level failures after start (e.g. EMFILE on accept, no certificate); ignored if absent. */
  onError?(error: Error): void;
}

/** A client that opens a TLS connection and never finishes the handshake is dropped after this. */
const HANDSHAKE_TIMEOUT_MS = 30_000;

/**
 * One HTTP and one HTTPS listener for the whole fleet, instead of a server per device: each
 * connection belongs to the device whose IP it arrived on (its local address). HTTPS is
 * terminated here, per connection, with that device's own certificate.
 */
export class DeviceListeners {
  readonly #options: DeviceListenersOptions;
  readonly #owners = new WeakMap<net.Socket, string>();
  readonly #open = new Set<net.Socket>();
  readonly #listeners: net.Server[] = [];

  constructor(options: DeviceListenersOptions) {
    this.#options = options;
  }

  async start(): Promise<{ httpPort: number; httpsPort: number }> {
    const plain = net.createServer({ noDelay: true }, (socket) => this.#acceptPlain(socket));
    // Paused at accept: the first bytes are read into the socket's buffer only when firstBytes asks.
    const secure = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => void this.#acceptSecure(socket));
    this.#listeners.push(plain, secure);
    try {
      const { host, httpPort, httpsPort } = this.#options;
      const [boundHttp, boundHttps] = await Promise.all([listen(plain, host, httpPort), listen(secure, host, httpsPort)]);
      for (const listener of this.#listeners) listener.on('error', (error) => this.#options.onError?.(error));
      return { httpPort: boundHttp, httpsPort: boundHttps };
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /**
   * Only the HTTPS listener, on `httpsPort` (`httpPort` is not used): for a TLS-only service
   * such as OpenAPI on 20443. Returns the bound port.
   */
  async startSecureOnly(): Promise<number> {
    const secure = net.createServer({ noDelay: true, pauseOnConnect: true }, (socket) => void this.#acceptSecure(socket));
    this.#listeners.push(secure);
    try {
      const bound = await listen(secure, this.#options.host, this.#options.httpsPort);
      secure.on('error', (error) => this.#options.onError?.(error));
      return bound;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** The device a socket belongs to: the TLSSocket of HTTPS, or any raw socket it accepted. */
  deviceIdOf(socket: net.Socket | tls.TLSSocket): string | undefined {
    return this.#owners.get(socket);
  }

  /** Resets every open connection of one device (it was powered off or went offline); returns how many. */
  dropConnections(deviceId: string): number {
    let dropped = 0;
    for (const socket of this.#open) {
      if (this.#owners.get(socket) !== deviceId) continue;
      // TLS sockets cannot send an RST themselves; their raw socket, also tracked, does.
      if (socket instanceof tls.TLSSocket) socket.destroy();
      else socket.resetAndDestroy();
      dropped++;
    }
    return dropped;
  }

  /** Stops listening and destroys every open connection. */
  async close(): Promise<void> {
    const listening = this.#listeners.splice(0).filter((listener) => listener.listening);
    const closed = listening.map((listener) => new Promise<void>((done) => listener.close(() => done())));
    for (const socket of this.#open) socket.destroy();
    await Promise.all(closed);
  }

  #admit(socket: net.Socket): ListenerTarget | undefined {
    socket.on('error', ignore); // a client reset must never become an uncaught 'error'
    const localAddress = socket.localAddress?.replace(/^::ffff:/, '');
    const found = localAddress === undefined ? undefined : this.#options.resolve(localAddress);
    if (found?.policy !== 'serve') {
      // RST rather than FIN: the client sees ECONNRESET, not an orderly (empty) answer.
      if (!socket.destroyed) socket.resetAndDestroy();
      return undefined;
    }
    this.#owners.set(socket, found.target.deviceId);
    this.#track(socket);
    return found.target;
  }

  #acceptPlain(socket: net.Socket): void {
    const target = this.#admit(socket);
    if (target) this.#options.server.emit('connection', socket);
  }

  async #acceptSecure(socket: net.Socket): Promise<void> {
    const target = this.#admit(socket);
    if (!target) return;
    // The certificate is made once the client has spoken (its hello is buffered, and TLSSocket
    // reads what is buffered), not at accept: a port scan that only connects costs no key.
    const silentTimer = setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS).unref();
    const spoke = await firstBytes(socket);
    clearTimeout(silentTimer);
    if (!spoke) {
      socket.destroy();
      return;
    }
    let secureContext: tls.SecureContext;
    try {
      secureContext = await this.#options.certificates.contextFor({ id: target.deviceId, ip: target.ip, name: target.name });
    } catch (error) {
      socket.destroy();
      this.#options.onError?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (socket.destroyed) return; // the client gave up while the certificate was made
    const tlsSocket = new tls.TLSSocket(socket, { isServer: true, secureContext });
    tlsSocket.on('error', ignore); // bad hello, reset mid-handshake: just a closed connection, not a fault
    // A TLSSocket made by hand never has "control released" as tls.Server's are, so a TLS error
    // after the handshake (a record that fails its MAC) emits only the internal '_tlsError' and
    // leaves the connection open and wedged. Close it, as a tls.Server connection would be.
    tlsSocket.on('_tlsError', () => tlsSocket.destroy());
    this.#owners.set(tlsSocket, target.deviceId);
    this.#track(tlsSocket);
    const handshakeTimer = setTimeout(() => tlsSocket.destroy(), HANDSHAKE_TIMEOUT_MS).unref();
    tlsSocket.once('close', () => clearTimeout(handshakeTimer));
    // Like https.Server: the HTTP layer sees the connection once it is secure.
    tlsSocket.once('secure', () => {
      clearTimeout(handshakeTimer);
      this.#options.server.emit('connection', tlsSocket);
    });
  }

  #track(socket: net.Socket): void {
    this.#open.add(socket);
    socket.once('close', () => this.#open.delete(socket));
  }
}

function ignore(): void {}

/** Resolves true once bytes from the client are buffered on the socket, false if it ends or closes first. */
function firstBytes(socket: net.Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (spoke: boolean) => {
      socket.off('readable', onReadable).off('close', onClose);
      resolve(spoke);
    };
    const onReadable = () => settle(socket.readableLength > 0);
    const onClose = () => settle(false);
    socket.on('readable', onReadable).on('close', onClose);
  });
}

function listen(listener: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen({ host, port }, () => {
      listener.off('error', reject);
      resolve((listener.address() as net.AddressInfo).port);
    });
  });
}
