import pino, { type Logger } from 'pino';
import type { Socket } from 'node:net';
import { CryptoRng, SeededRng, type Rng } from '../devices/kernel/rng.js';
import { FanOutEventSink, MemoryEventSink } from '../devices/kernel/device-events.js';
import { TpLinkCloud } from '../devices/cloud/tp-link-cloud.js';
import type { Device } from '../devices/fleet.js';
import type { Scenario } from '../scenarios/scenario-types.js';
import { buildFleet, lansByIp } from '../scenarios/scenario-fleet.js';
import { Fleet } from '../devices/fleet.js';
import type { Nvr } from '../devices/nvr/nvr.js';
import { HttpCameraLink } from './nvr/http-camera-link.js';
import { LanDiscovery } from './nvr/lan-discovery.js';
import { FleetAdvertisement } from './fleet-advertisement.js';
import { MdnsResponder } from './discovery/mdns-responder.js';
import { browseVigi } from './discovery/mdns-browser.js';
import { RsaKeyPool } from './crypto/rsa-key-pool.js';
import { DeviceCertificates } from './tls/device-certificates.js';
import { DeviceListeners } from './net/device-listeners.js';
import { NetworkFaults } from './net/network-faults.js';
import { Mailbox } from './mail/mailbox.js';
import { SmtpSink } from './mail/smtp-sink.js';
import { SmtpMailer } from './mail/smtp-mailer.js';
import { qrPngBase64 } from './qr/qr-png.js';
import { buildDeviceWebApp } from './vigi-web/device-web-app.js';
import { buildControlApp } from './control/control-app.js';
import { summarise, type DeviceSummary } from './control/device-summary.js';
import { VirtualClock } from './virtual-clock.js';

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
  /** Required when the control plane is bound to anything but loopback. */
  token?: string;
  /** mDNS port (default 5353); tests use another so parallel runs do not hear each other. */
  mdnsPort?: number;
  /** ONVIF WS-Discovery port (default 3702). */
  wsDiscoveryPort?: number;
  /** How often NVRs poll their channels, in ms (default 3000). */
  nvrPollMs?: number;
  logger?: Logger;
}

export interface RunningEmulator {
  controlUrl: string;
  smtp: { host: string; port: number } | { url: string };
  devices: DeviceSummary[];
  fleet: Fleet;
  clock: VirtualClock;
  mailbox: Mailbox | undefined;
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
  const journal = new MemoryEventSink(10_000);
  const events = new FanOutEventSink(journal, { emit: (event) => logger.debug({ event }, 'device event') });

  const closers: (() => Promise<unknown> | void)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
  };
  try {
    let mailbox: Mailbox | undefined;
    let smtp: RunningEmulator['smtp'];
    let mailer: SmtpMailer;
    if (options.smtpUrl) {
      mailer = new SmtpMailer({ url: options.smtpUrl });
      smtp = { url: mailer.server };
    } else {
      mailbox = new Mailbox({ clock });
      const sink = new SmtpSink({ mailbox, onError: (error) => logger.warn({ err: error }, 'embedded SMTP sink') });
      closers.push(() => sink.close());
      smtp = await sink.start();
      mailer = new SmtpMailer({ url: `smtp://${smtp.host}:${smtp.port}` });
      mailbox.onMail((mail) => journal.emit({ type: 'mail-delivered', deviceId: 'mailbox', at: clock.now(), to: mail.to, subject: mail.subject }));
    }
    closers.push(() => mailer.close());

    // The fleet is filled once the listeners know their ports: NVR channels record the cameras' port.
    const fleet = new Fleet();
    const network = new NetworkFaults();
    const reachable = (device: Device) => device.state.power === 'on' && !network.has(device.id, 'offline');
    const cameraLink = new HttpCameraLink();
    // The web app and the listeners need each other: the app asks which device a socket is for.
    const wiring: { listeners?: DeviceListeners } = {};
    const deviceApp = buildDeviceWebApp({
      fleet,
      keys: new RsaKeyPool({ prewarm: 4 }),
      deviceIdOf: (socket: Socket) => wiring.listeners?.deviceIdOf(socket),
      isReachable: reachable,
      renderQrPng: qrPngBase64,
      cameraLink,
      logger,
    });
    await deviceApp.ready();
    closers.push(() => deviceApp.close());
    const listeners = new DeviceListeners({
      host: options.deviceHost ?? '0.0.0.0',
      httpPort: options.devicePorts?.http ?? options.scenario.ports.http,
      httpsPort: options.devicePorts?.https ?? options.scenario.ports.https,
      server: deviceApp.server,
      certificates: new DeviceCertificates(),
      resolve: (localAddress) => {
        const device = fleet.byIp(localAddress);
        if (!device) return undefined;
        const { id, ip, name } = device.state.identity;
        return { target: { deviceId: id, ip, name }, policy: reachable(device) ? 'serve' : 'reset' };
      },
    });
    wiring.listeners = listeners;
    const started = await listeners.start();
    closers.push(() => listeners.close());
    const bound = { http: started.httpPort, https: started.httpsPort };

    let lans = new Map<string, string>();
    const mdnsPort = options.mdnsPort ?? 5353;
    const discovery = new LanDiscovery(() => browseVigi({ timeoutMs: 700, port: mdnsPort }), (ip) => lans.get(ip));
    buildFleet(options.scenario, { clock, rng, mailer, events, cameras: cameraLink, discovery, httpsPort: bound.https }, fleet);
    lans = lansByIp(options.scenario, fleet);

    const advertised = new FleetAdvertisement(fleet, bound, network);
    const mdns = new MdnsResponder({ source: advertised, port: mdnsPort });
    await mdns.start();
    closers.push(() => mdns.close());
    // WS-DISCOVERY-PLACEHOLDER

    const nvrs = fleet.list().filter((device): device is Nvr => device.kind === 'nvr');
    await Promise.all(nvrs.map((nvr) => nvr.probe.all()));
    const poll = setInterval(() => {
      for (const nvr of nvrs) nvr.probe.all().catch((error: unknown) => logger.warn({ err: error }, 'NVR channel poll failed'));
    }, options.nvrPollMs ?? 3000);
    poll.unref();
    closers.push(() => clearInterval(poll));

    let ready = false;
    const controlApp = buildControlApp({
      fleet, network, clock, smtp, events: journal,
      devicePorts: () => bound,
      lanOf: (ip) => lans.get(ip) ?? 'default',
      cloud: new TpLinkCloud({ clock, mailer, events }),
      ...(mailbox ? { mailbox } : {}),
      ...(options.token ? { token: options.token } : {}),
      isReady: () => ready,
      onDeviceChanged: (device) => {
        if (!reachable(device)) listeners.dropConnections(device.id);
        advertised.changed(device, mdns);
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
        return fleet.list().map((device) => summarise(device, bound, network, lans.get(device.state.identity.ip) ?? 'default'));
      },
      fleet,
      clock,
      mailbox,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
