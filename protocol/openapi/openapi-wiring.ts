import type { Logger } from 'pino';
import type { Socket } from 'node:net';
import type { Device, Fleet } from '../../devices/fleet.js';
import type { Clock } from '../../devices/kernel/clock.js';
import { CryptoRng, SeededRng } from '../../devices/kernel/rng.js';
import type { FanOutEventSink } from '../../devices/kernel/device-events.js';
import { OpenApiService } from '../../devices/openapi/openapi-service.js';
import { PasswordBook } from '../../devices/openapi/password-book.js';
import type { Scenario } from '../../scenarios/scenario-types.js';
import { scenarioDefaults } from '../../scenarios/scenario-defaults.js';
import { DeviceListeners, type ConnectionPolicy, type ListenerTarget } from '../net/device-listeners.js';
import type { DeviceCertificates } from '../tls/device-certificates.js';
import { buildOpenApiApp } from './openapi-app.js';

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
  readonly logger: Logger;
  readonly host: string;
  /** Undefined: the scenario's `ports.openapi`, else 20443. */
  readonly port: number | undefined;
}

export interface OpenApiRunning {
  /** Bound port; undefined when no device switches OpenAPI on (nothing listens). */
  readonly port: number | undefined;
  /** Ids of the devices with `openapi: true`. */
  readonly enabled: ReadonlySet<string>;
  dropConnections(deviceId: string): void;
  /** Forgets every nonce, stok and token (emulator reset). */
  reset(): void;
  /** Adds a plain password to the book digests are checked with (the web API carries only MD5 forms). */
  rememberPassword(password: string): void;
  close(): Promise<void>;
}

/**
 * VIGI OpenAPI for the devices that switch it on: one HTTPS listener (default port 20443) for
 * all of them, with each device's own certificate, dispatching by local address as the web API
 * does. A device with OpenAPI off resets connections on that port, as a closed port would;
 * power-off and `offline` apply as on the web ports. Sessions live in RAM: lost at power-off and
 * factory reset.
 */
export async function startOpenApi(options: OpenApiWiringOptions): Promise<OpenApiRunning> {
  const enabled: ReadonlySet<string> = new Set(options.scenario.devices.filter((d) => d.openapi === true).map((d) => d.id));
  const passwords = new PasswordBook(options.scenario.devices.flatMap((d) => [
    ...(d.password !== undefined ? [d.password] : []),
    ...(d.kind === 'nvr' ? d.channels.flatMap((c) => (c.password !== undefined ? [c.password] : [])) : []),
  ]));
  // A stream of its own, so OpenAPI traffic does not shift the devices' seeded randomness.
  const rng = options.seed !== undefined ? new SeededRng(`${options.seed}:openapi`) : new CryptoRng();
  const service = new OpenApiService({ clock: options.clock, rng, passwords });
  const forgetting = new Set(['powered-off', 'factory-reset']);
  options.events.add({ emit: (event) => (forgetting.has(event.type) ? service.forget(event.deviceId) : undefined) });
  const rememberPassword = (password: string) => passwords.add(password);
  const idle: OpenApiRunning = { port: undefined, enabled, dropConnections: () => undefined, reset: () => service.forgetAll(), rememberPassword, close: async () => undefined };
  if (enabled.size === 0) return idle;

  const isOn = (device: Device) => enabled.has(device.id);
  const wiring: { listeners?: DeviceListeners } = {};
  const app = buildOpenApiApp({
    fleet: options.fleet,
    service,
    deviceIdOf: (socket: Socket) => wiring.listeners?.deviceIdOf(socket),
    isServed: (device) => isOn(device) && options.reachable(device),
    logger: options.logger,
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
  wiring.listeners = listeners;
  let port: number;
  try {
    port = await listeners.startSecureOnly();
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    port,
    enabled,
    dropConnections: (deviceId) => void listeners.dropConnections(deviceId),
    reset: () => service.forgetAll(),
    rememberPassword,
    close: async () => {
      await listeners.close();
      await app.close();
    },
  };
}
