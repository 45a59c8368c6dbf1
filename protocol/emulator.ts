import pino, { type Logger } from 'pino';
import type { Socket } from 'node:net';
import { CryptoRng, SeededRng, type Rng } from '../devices/kernel/rng.js';
import { FanOutEventSink } from '../devices/kernel/device-events.js';
import { TpLinkCloud } from '../devices/cloud/tp-link-cloud.js';
import type { Device } from '../devices/fleet.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { buildFleet, lansByIp } from '../scenarios/scenario-fleet.js';
import { timelineFor } from '../scenarios/scenario-shard.js';
import { Fleet } from '../devices/fleet.js';
import type { Nvr } from '../devices/nvr/nvr.js';
import { HttpCameraLink } from './nvr/http-camera-link.js';
import { LanDiscovery } from './nvr/lan-discovery.js';
import { FleetAdvertisement } from './fleet-advertisement.js';
import { MdnsResponder } from './discovery/mdns-responder.js';
import { browseVigi } from './discovery/mdns-browser.js';
import { WsDiscoveryResponder } from './discovery/ws-discovery.js';
import { RsaKeyPool } from './crypto/rsa-key-pool.js';
import { DeviceCertificates } from './tls/device-certificates.js';
import { DeviceListeners } from './net/device-listeners.js';
import { qrPngBase64 } from './qr/qr-png.js';
import { buildDeviceWebApp } from './vigi-web/device-web-app.js';
import { buildControlApp } from './control/control-app.js';
import { summarise, type DeviceSummary, type DevicePorts } from './control/device-summary.js';
import { VirtualClock } from './virtual-clock.js';
import type { Mailbox } from './mail/mailbox.js';
import { startMail } from './emulator-mail.js';
import { EventJournal } from './events/event-journal.js';
import { FaultRegistry } from '../devices/faults/fault-registry.js';
import { FaultController } from './faults/fault-controller.js';
import { FaultableMailer } from './faults/faultable-mailer.js';
import { TopologySnapshot } from './topology-reset.js';
import { flashRecordOf, openStateDir, resumeFromFlash } from './state/resume-from-flash.js';
import { TimelineRunner } from '../scenarios/timeline-runner.js';
import { startOpenApi, type OpenApiRunning } from './openapi/openapi-wiring.js';
import { openApiOn } from '../devices/account/account-openapi.js';
import { Checkpoints, type TopologyPoint } from './checkpoints.js';
import { RequestLog } from './events/request-log.js';

/**
 * The composition root: the one place that makes real clocks, sockets, mail servers and
 * listeners, and wires them to the pure devices. Everything else takes them as arguments.
 */
export interface EmulatorOptions {
  scenario: Scenario;
  /** Control plane address (default 127.0.0.1:9090; port 0 = any free port). */
  control?: { host: string; port: number };
  /** Send mail to this SMTP server instead of the embedded sink. */
  smtpUrl?: string;
  seed?: number;
  /** Where device listeners bind (default 0.0.0.0, so every 127.77.x.y address reaches them). */
  deviceHost?: string;
  /** Overrides the scenario's device ports (0 = any free port, for tests). */
  devicePorts?: { http: number; https: number };
  /**
   * Overrides the scenario's VIGI OpenAPI port (`ports.openapi`, default 20443). When absent and
   * `devicePorts` is given (tests), any free port. Listens once a device has OpenAPI switched on.
   */
  openapiPort?: number;
  /** Required when the control plane is bound to anything but loopback. */
  token?: string;
  /** mDNS port (default 5353); tests use another so parallel runs do not hear each other. */
  mdnsPort?: number;
  /** ONVIF WS-Discovery port (default 3702). */
  wsDiscoveryPort?: number;
  /**
   * The address of the one interface mDNS and WS-Discovery join their groups on and send from
   * (default 127.0.0.1). Another only where that interface's network is the user's to flood:
   * a container's own network, or a network namespace of a test's.
   */
  discoveryInterface?: string;
  /**
   * Run only these devices of the scenario (`vigi-sim up --only`, one container per device):
   * the others run elsewhere, but NVR channels and LANs still know them. Default: every device.
   */
  runOnly?: ReadonlySet<string>;
  /** How often NVRs poll their channels, in ms (default 3000). */
  nvrPollMs?: number;
  /** Keep what devices keep in flash here, and resume from it on the next start. */
  stateDir?: string;
  logger?: Logger;
}

export interface RunningEmulator {
  controlUrl: string;
  smtp: { host: string; port: number } | { url: string };
  devices: DeviceSummary[];
  fleet: Fleet;
  clock: VirtualClock;
  mailbox: Mailbox | undefined;
  journal: EventJournal;
  faults: FaultController;
  /** Back to the scenario's start, mailbox included (what `POST /__sim/reset` does). */
  reset(): Promise<void>;
  /** Named points to return to (`/__sim/checkpoints`). */
  checkpoints: Checkpoints;
  /** What clients asked the devices' web API (`/__sim/requests`). */
  requests: RequestLog;
  /** Tells the emulator a plain password, so OpenAPI digests made from it verify (`POST /__sim/openapi/passwords`). */
  rememberPassword(password: string): void;
  close(): Promise<void>;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const control = options.control ?? { host: '127.0.0.1', port: 9090 };
  if (!isLoopbackHost(control.host) && !options.token) {
    throw new Error(`refusing to bind the control plane to ${control.host} without a token: anyone on that network could power devices off and read reset mails. Pass --token <secret> (or VIGI_SIM_TOKEN), or bind to 127.0.0.1.`);
  }
  const logger = options.logger ?? pino({ level: 'warn' });
  const clock = new VirtualClock();
  const seed = options.seed ?? options.scenario.seed;
  const rng: Rng = seed !== undefined ? new SeededRng(seed) : new CryptoRng();
  // Fault odds draw from their own stream, so a probabilistic fault does not shift device randomness.
  const faultRng: Rng = seed !== undefined ? new SeededRng(`${seed}:faults`) : new CryptoRng();
  const journal = new EventJournal(10_000);
  const events = new FanOutEventSink(journal, { emit: (event) => logger.debug({ event }, 'device event') });

  const closers: (() => Promise<unknown> | void)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
  };
  try {
    const mail = await startMail({ ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}), clock, journal, logger });
    closers.push(() => mail.close());
    const { mailbox, smtp } = mail;
    const wiring: { listeners?: DeviceListeners; openapi?: OpenApiRunning; faults?: FaultController; advertise?: (deviceId: string | undefined) => void } = {};
    const mailer = new FaultableMailer(mail.mailer, () => wiring.faults);

    // The fleet is filled once the listeners know their ports: NVR channels record the cameras' port.
    const fleet = new Fleet();
    const registry = new FaultRegistry(clock, faultRng);
    const faults = new FaultController({
      fleet, registry, events, clock,
      changed: (deviceId) => {
        const device = deviceId !== undefined ? fleet.byId(deviceId) : undefined;
        if (device && !reachable(device)) {
          wiring.listeners?.dropConnections(device.id);
          wiring.openapi?.dropConnections(device.id);
        }
        wiring.advertise?.(deviceId);
      },
    });
    wiring.faults = faults;
    // A flaky cable (offline with a probability) cuts connections as they open; a cut one cuts all.
    const reachable = (device: Device) => {
      const cable = registry.get('offline', device.id);
      return device.state.power === 'on' && (!cable || cable.spec.probability !== undefined);
    };
    const cameraLink = new HttpCameraLink();
    const requests = new RequestLog(10_000);
    // The latency fault holds each request to the device, on every port it serves.
    const delayedByLatency = async (device: Device): Promise<void> => {
      const latency = registry.strikes('latency', device.id);
      if (!latency) return;
      faults.hit(latency, `request delayed ${latency.spec.ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, latency.spec.ms));
    };
    const deviceApp = buildDeviceWebApp({
      fleet,
      keys: new RsaKeyPool({ prewarm: 4 }),
      deviceIdOf: (socket: Socket) => wiring.listeners?.deviceIdOf(socket),
      isReachable: reachable,
      beforeRequest: delayedByLatency,
      renderQrPng: qrPngBase64,
      cameraLink,
      requests,
      now: () => clock.now(),
      // Late-bound: OpenAPI starts after the web listeners (it shares their admission rules).
      openapi: {
        listening: () => (wiring.openapi ? wiring.openapi.listening() : Promise.reject(new Error('OpenAPI is not running'))),
      },
      logger,
    });
    await deviceApp.ready();
    closers.push(() => deviceApp.close());
    const certificates = new DeviceCertificates();
    const admit = (localAddress: string, open: (device: Device) => boolean = () => true) => {
      const device = fleet.byIp(localAddress);
      if (!device) return undefined;
      const { id, ip, name } = device.state.identity;
      const cut = registry.strikes('offline', id);
      if (cut) faults.hit(cut, 'connection reset');
      return { target: { deviceId: id, ip, name }, policy: device.state.power === 'on' && !cut && open(device) ? 'serve' as const : 'reset' as const };
    };
    const listeners = new DeviceListeners({
      host: options.deviceHost ?? '0.0.0.0',
      httpPort: options.devicePorts?.http ?? options.scenario.ports.http,
      httpsPort: options.devicePorts?.https ?? options.scenario.ports.https,
      server: deviceApp.server,
      certificates,
      resolve: (localAddress) => admit(localAddress),
    });
    wiring.listeners = listeners;
    const started = await listeners.start();
    closers.push(() => listeners.close());
    const bound = { http: started.httpPort, https: started.httpsPort };
    const openapi = await startOpenApi({
      scenario: options.scenario, fleet, clock, seed, certificates, admit, reachable, events, logger, beforeRequest: delayedByLatency,
      host: options.deviceHost ?? '0.0.0.0',
      port: options.openapiPort ?? (options.devicePorts ? 0 : undefined),
    });
    wiring.openapi = openapi;
    closers.push(() => openapi.close());
    // The OpenAPI port appears once something listens on it (at start, or when a device switches it on).
    const ports = (): DevicePorts => ({ ...bound, ...(openapi.port !== undefined ? { openapi: openapi.port } : {}) });

    let lans = new Map<string, string>();
    const mdnsPort = options.mdnsPort ?? 5353;
    // Multicast stays on loopback unless told otherwise (a container's or a test network's own interface).
    const discoveryInterface = options.discoveryInterface ?? '127.0.0.1';
    const discovery = new LanDiscovery(() => browseVigi({ timeoutMs: 700, port: mdnsPort, interfaceAddress: discoveryInterface }), (ip) => lans.get(ip));
    const state = options.stateDir ? await openStateDir(options.stateDir) : undefined;
    // Released last (closers run in reverse): every save has settled by then.
    if (state) closers.unshift(() => state.lock.release());
    const runOnly = options.runOnly;
    const runsHere = (id: string): boolean => !runOnly || runOnly.has(id);
    buildFleet(options.scenario, { clock, rng, mailer, events, cameras: cameraLink, discovery, httpsPort: bound.https, ...(state ? { flash: state.store } : {}) }, fleet, runsHere);
    lans = lansByIp(options.scenario);
    const snapshot = new TopologySnapshot(fleet);
    if (state) resumeFromFlash(fleet, state.records, { httpsPort: bound.https, scenarioIps: new Set(lans.keys()) });
    if (fleet.list().some((device) => openApiOn(device.state.flash))) await openapi.listening();

    const advertised = new FleetAdvertisement(fleet, bound, registry);
    const mdns = new MdnsResponder({ source: advertised, port: mdnsPort, interfaceAddress: discoveryInterface, onWarning: (error) => logger.debug({ err: error }, 'mDNS') });
    await mdns.start();
    closers.push(() => mdns.close());
    wiring.advertise = (deviceId) => {
      for (const device of deviceId !== undefined ? [fleet.byId(deviceId)] : fleet.list()) {
        const change = device ? advertised.changed(device, mdns) : undefined;
        if (device && change) journal.emit({ type: `mdns-${change}`, deviceId: device.id, at: clock.now(), ip: device.state.identity.ip });
      }
    };
    // Whatever changes what a device announces (power, activation, a reset) re-announces it.
    const announcing = new Set(['powered-on', 'powered-off', 'activated', 'factory-reset']);
    events.add({ emit: (event) => (announcing.has(event.type) ? wiring.advertise?.(event.deviceId) : undefined) });
    const onvif = new WsDiscoveryResponder({ source: advertised, port: options.wsDiscoveryPort ?? 3702, interfaceAddress: discoveryInterface, onWarning: (error) => logger.debug({ err: error }, 'WS-Discovery') });
    await onvif.start();
    closers.push(() => onvif.close());

    const nvrs = fleet.list().filter((device): device is Nvr => device.kind === 'nvr');
    const pollNvrs = () => Promise.all(nvrs.map((nvr) => nvr.probe.all().catch((error: unknown) => logger.warn({ err: error }, 'NVR channel poll failed'))));
    await pollNvrs();
    const poll = setInterval(() => void pollNvrs(), options.nvrPollMs ?? 3000);
    poll.unref();
    closers.push(() => clearInterval(poll));

    const timeline = new TimelineRunner(timelineFor(options.scenario.timeline, runsHere), {
      apply: (spec, source) => faults.apply(spec, source),
      clear: (type, device, source) => faults.clear(type, device, source),
      factoryReset: async (device) => {
        await fleet.byId(device)?.control({ type: 'factory-reset' });
      },
      detect: async (device, type) => {
        const camera = fleet.byId(device);
        // A powered-off camera sees nothing: the refusal is the answer, nothing to report.
        if (camera?.kind === 'camera') await camera.dispatch({ type: 'detect', eventType: type });
      },
    }, clock);
    events.add({ emit: (event) => timeline.onEvent(event) });
    timeline.start();
    await timeline.tick();
    const ticker = setInterval(() => void timeline.tick(), 100);
    ticker.unref();
    closers.push(() => clearInterval(ticker));

    /** Devices, mailbox and faults back to a point (the scenario's start, or a checkpoint). */
    const returnTo = async (point: TopologyPoint, by: string) => {
      await faults.clear(undefined, undefined, by);
      point.devices.restore(fleet);
      for (const fault of point.faults) await faults.apply(fault.spec, fault.source);
      // A device the point has OpenAPI on may be the first one that has it.
      if (fleet.list().some((device) => openApiOn(device.state.flash))) await openapi.listening().catch((error: unknown) => logger.warn({ err: error }, 'OpenAPI listener'));
      if (state) await Promise.all(fleet.list().map((device) => state.store.save(device.id, flashRecordOf(device))));
      mailbox?.replace(point.mails);
      // Sessions in flight belong to the state left behind.
      for (const device of fleet.list()) {
        listeners.dropConnections(device.id);
        openapi.dropConnections(device.id);
      }
      openapi.reset();
      wiring.advertise?.(undefined);
      await pollNvrs();
    };
    const reset = async () => {
      await returnTo({ devices: snapshot, mails: [], faults: [] }, 'reset');
      timeline.start();
      await timeline.tick();
      events.emit({ type: 'topology-reset', deviceId: 'emulator', at: clock.now() });
    };
    const checkpoints = new Checkpoints({ fleet, mailbox, registry, events, clock, returnTo });

    let ready = false;
    const controlApp = await buildControlApp({
      fleet, faults, clock, smtp, events, journal, reset, checkpoints, requests,
      rememberPassword: (password) => openapi.rememberPassword(password),
      devicePorts: ports,
      lanOf: (ip) => lans.get(ip) ?? 'default',
      cloud: new TpLinkCloud({ clock, mailer, events }),
      ...(mailbox ? { mailbox } : {}),
      ...(options.token ? { token: options.token } : {}),
      isReady: () => ready,
      onClockAdvanced: () => timeline.tick(),
      onDeviceChanged: (device) => {
        if (!reachable(device)) {
          listeners.dropConnections(device.id);
          openapi.dropConnections(device.id);
        }
      },
    }, logger);
    await controlApp.listen({ host: control.host, port: control.port });
    closers.push(() => controlApp.close());
    const address = controlApp.server.address();
    const port = typeof address === 'object' && address ? address.port : control.port;
    ready = true;

    return {
      controlUrl: `http://${control.host.includes(':') ? `[${control.host}]` : control.host}:${port}`,
      smtp,
      get devices() {
        return fleet.list().map((device) => summarise(device, ports(), registry, lans.get(device.state.identity.ip) ?? 'default'));
      },
      fleet, clock, mailbox, journal, faults, reset, checkpoints, requests,
      rememberPassword: (password) => openapi.rememberPassword(password),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
