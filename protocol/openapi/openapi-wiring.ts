import type { Logger } from 'pino';
import type { Socket } from 'node:net';
import type { Device, Fleet } from '../../devices/fleet.js';
import type { Clock } from '../../devices/kernel/clock.js';
import { CryptoRng, SeededRng } from '../../devices/kernel/rng.js';
import type { FanOutEventSink } from '../../devices/kernel/device-events.js';
import { OpenApiService } from '../../devices/openapi/openapi-service.js';
import { PasswordBook } from '../../devices/openapi/password-book.js';
import { openApiOn } from '../../devices/account/account-openapi.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import { scenarioDefaults } from '../../scenarios/scenario-defaults.js';
import { DeviceListeners, type ConnectionPolicy, type ListenerTarget } from '../net/device-listeners.js';
import type { DeviceCertificates } from '../tls/device-certificates.js';
import { buildOpenApiApp } from './openapi-app.js';
import { CameraEventStreams } from './camera-event-streams.js';

export interface OpenApiWiringOptions {
  readonly scenario: Scenario;
  readonly fleet: Fleet;
  readonly clock: Clock;
  readonly seed: number | undefined;
  readonly certificates: DeviceCertificates;
  /** The web listeners' admission (unknown address, power, offline cut), plus a device filter. */
  readonly admit: (localAddress: string, open?: (device: Device) => boolean) => { target: ListenerTarget; policy: ConnectionPolicy } | undefined;
  readonly reachable: (device: Device) => boolean;
  readonly events: FanOutEventSink;
  /** The web ports' per-request hook (latency faults), applied here too. */
  readonly beforeRequest?: (device: Device) => Promise<void>;
  readonly logger: Logger;
  readonly host: string;
  /** Undefined: the scenario's `ports.openapi`, else 20443. */
  readonly port: number | undefined;
}

export interface OpenApiRunning {
  /** Bound port; undefined while no device has OpenAPI switched on (nothing listens yet). */
  readonly port: number | undefined;
  /**
   * Listens if it does not yet (a device was just switched on); resolves with the port.
   * Rejects when the port cannot be bound.
   */
  listening(): Promise<number>;
  dropConnections(deviceId: string): void;
  /** Forgets every nonce, stok and token (emulator reset). */
  reset(): void;
  /** Adds a plain password to the book digests are checked with (the web API carries only MD5 forms). */
  rememberPassword(password: string): void;
  close(): Promise<void>;
}

/**
 * VIGI OpenAPI for the devices that switch it on (in flash: the scenario's `openapi: true`, or
 * the web API's `openapi` module): one HTTPS listener (default port 20443) for all of them, with
 * each device's own certificate, dispatching by local address as the web API does. It listens
 * from the first `listening()`: the emulator's start when a device has OpenAPI on, or later. A device with OpenAPI off resets
 * connections on that port, as a closed port would; power-off and `offline` apply as on the web
 * ports. Sessions live in RAM: lost at power-off, factory reset and when switched off.
 */
export async function startOpenApi(options: OpenApiWiringOptions): Promise<OpenApiRunning> {
  const passwords = new PasswordBook(options.scenario.devices.flatMap((d) => [
    ...(d.password !== undefined ? [d.password] : []),
    ...(d.kind === 'nvr' ? d.channels.flatMap((c) => (c.password !== undefined ? [c.password] : [])) : []),
  ]));
  // A stream of its own, so OpenAPI traffic does not shift the devices' seeded randomness.
  const rng = options.seed !== undefined ? new SeededRng(`${options.seed}:openapi`) : new CryptoRng();
  const service = new OpenApiService({ clock: options.clock, rng, passwords });
  const isOn = (device: Device) => openApiOn(device.state.flash);
  const wiring: { listeners?: DeviceListeners; starting?: Promise<number>; port?: number; closed?: boolean } = {};
  const dropConnections = (deviceId: string) => void wiring.listeners?.dropConnections(deviceId);
  const eventStreams = new CameraEventStreams(() => options.clock.now());
  options.events.add(eventStreams);
  const forgetting = new Set(['powered-off', 'factory-reset']);
  options.events.add({
    emit: (event) => {
      if (forgetting.has(event.type) || (event.type === 'openapi-switched' && event.enabled === false)) {
        service.forget(event.deviceId);
        dropConnections(event.deviceId);
      }
    },
  });

  // What closes the listener once it runs (none until the first device switches OpenAPI on).
  const closers: (() => Promise<void>)[] = [];
  const listen = async (): Promise<number> => {
    if (wiring.closed) throw new Error('the emulator is stopping');
    const app = buildOpenApiApp({
      fleet: options.fleet,
      service,
      deviceIdOf: (socket: Socket) => wiring.listeners?.deviceIdOf(socket),
      isServed: (device) => isOn(device) && options.reachable(device),
      logger: options.logger,
      eventStreams,
      ...(options.beforeRequest ? { beforeRequest: options.beforeRequest } : {}),
    });
    await app.ready();
    const listeners = new DeviceListeners({
      host: options.host,
      httpPort: 0, // not used: startSecureOnly
      httpsPort: options.port ?? options.scenario.ports.openapi ?? scenarioDefaults.openapiPort,
      server: app.server,
      certificates: options.certificates,
      resolve: (localAddress) => options.admit(localAddress, isOn),
      onError: (error) => options.logger.warn({ err: error }, 'OpenAPI listener'),
    });
    try {
      wiring.port = await listeners.startSecureOnly();
    } catch (error) {
      await app.close();
      throw error;
    }
    wiring.listeners = listeners;
    closers.push(async () => {
      await listeners.close();
      await app.close();
    });
    return wiring.port;
  };
  const listening = (): Promise<number> => {
    wiring.starting ??= listen().catch((error: unknown) => {
      delete wiring.starting; // a later switch-on tries again
      throw error;
    });
    return wiring.starting;
  };
  return {
    get port() {
      return wiring.port;
    },
    listening,
    dropConnections,
    reset: () => service.forgetAll(),
    rememberPassword: (password) => passwords.add(password),
    close: async () => {
      wiring.closed = true;
      await wiring.starting?.catch(() => undefined);
      for (const close of closers) await close();
    },
  };
}
