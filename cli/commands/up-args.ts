import { isIPv4 } from 'node:net';
import { TOPOLOGY_LIMITS } from '../../scenarios/generated-topology.js';
import { parseCount, parseHost, parseHostPort, parseSeed, parseSmtpUrl } from '../option-values.js';
import type { OptionValue } from '../option-values.js';
import { parseCommandArgs } from '../parse-args.js';
import { parseShard, type ShardSpec } from '../../scenarios/scenario-shard.js';

export interface UpArgs {
  readonly help: boolean;
  /** The scenario path as given; absent means the quickstart (or the generated topology). */
  readonly scenario?: string;
  /** `--cameras N [--nvrs M]`: a generated topology instead of a scenario file. */
  readonly topology?: { readonly cameras: number; readonly nvrs: number };
  readonly control: { readonly host: string; readonly port: number };
  readonly smtpUrl?: string;
  readonly seed?: number;
  readonly deviceHost?: string;
  /** Bearer token the control plane requires (needed when it is bound off loopback). */
  readonly token?: string;
  /** `--state-dir`: keep what devices keep in flash there, and resume from it. */
  readonly stateDir?: string;
  /**
   * `--mdns-port` / `--wsd-port` (not in the usage: for tests, such as the crash test, that run
   * `vigi-sim up` as a child and must not announce on, or hear, the real discovery ports).
   */
  readonly mdnsPort?: number;
  readonly wsDiscoveryPort?: number;
  /** `--discovery-interface <addr>`: the interface mDNS and WS-Discovery use (default 127.0.0.1). */
  readonly discoveryInterface?: string;
  /** `--only id[,id...]`: run only these devices of the scenario (one container per device). */
  readonly only?: readonly string[];
  /** `--shard k/n`: run only the k-th of n slices of the topology, cut along LANs (scenario-shard.ts). */
  readonly shard?: ShardSpec;
  /** `--device-ports <https>,<http>` (not in the usage either: for benchmarks and tests; 0 = any free port). */
  readonly devicePorts?: { readonly https: number; readonly http: number };
}

export const DEFAULT_CONTROL = { host: '127.0.0.1', port: 9090 } as const;

const options = {
  cameras: { type: 'string' },
  nvrs: { type: 'string' },
  control: { type: 'string' },
  smtp: { type: 'string' },
  seed: { type: 'string' },
  'device-host': { type: 'string' },
  'state-dir': { type: 'string' },
  token: { type: 'string' },
  'mdns-port': { type: 'string' },
  'wsd-port': { type: 'string' },
  'device-ports': { type: 'string' },
  shard: { type: 'string' },
  only: { type: 'string' },
  'discovery-interface': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The arguments of `vigi-sim up`, every flag value checked; a message for the first bad one.
 * The token may also come from VIGI_SIM_TOKEN, so it stays out of `ps` and shell history.
 */
export function parseUpArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): OptionValue<UpArgs> {
  const args = parseCommandArgs('up', argv, options);
  if (!args.ok) return args;
  const values = args.values;
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  if (args.positionals.length > 1) {
    return { ok: false, message: `up takes one scenario, got ${args.positionals.length}: ${args.positionals.join(' ')}` };
  }
  const stateDir = text('state-dir');
  if (stateDir !== undefined && stateDir.trim() === '') return { ok: false, message: '--state-dir must not be empty' };

  // VIGI_SIM_CONTROL sets the default, as a container image needs (0.0.0.0:9090 inside it).
  const control = checked(text('control') ?? (env.VIGI_SIM_CONTROL || undefined), (value) => parseHostPort(value, text('control') !== undefined ? '--control' : 'VIGI_SIM_CONTROL'));
  const smtpUrl = checked(text('smtp'), (value) => parseSmtpUrl(value, '--smtp'));
  const seed = checked(text('seed'), (value) => parseSeed(value, '--seed'));
  const deviceHost = checked(text('device-host'), (value) => parseHost(value, '--device-host'));
  const { cameras: cameraLimits, nvrs: nvrLimits } = TOPOLOGY_LIMITS;
  const cameras = checked(text('cameras'), (value) => parseCount(value, '--cameras', cameraLimits.min, cameraLimits.max));
  const nvrs = checked(text('nvrs'), (value) => parseCount(value, '--nvrs', nvrLimits.min, nvrLimits.max));
  const mdnsPort = checked(text('mdns-port'), (value) => parseCount(value, '--mdns-port', 1, 65535));
  const wsDiscoveryPort = checked(text('wsd-port'), (value) => parseCount(value, '--wsd-port', 1, 65535));
  const devicePorts = checked(text('device-ports'), parseDevicePorts);
  const shard = checked(text('shard'), parseShard);
  const only = checked(text('only'), (value): OptionValue<string[]> => {
    const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
    return ids.length > 0 ? { ok: true, value: ids } : { ok: false, message: '--only needs device ids, e.g. --only cam-front or --only cam-front,nvr-main' };
  });
  if (only.ok && only.value && shard.ok && shard.value) return { ok: false, message: '--only and --shard both choose which devices run here; give one' };
  const discoveryInterface = checked(text('discovery-interface'), (value) => parseIpv4(value, '--discovery-interface'));
  for (const result of [cameras, nvrs, control, smtpUrl, seed, deviceHost, mdnsPort, wsDiscoveryPort, devicePorts, shard, discoveryInterface, only]) if (!result.ok) return result;
  const cameraCount = valueOf(cameras);
  if (cameraCount === undefined && text('nvrs') !== undefined) {
    return { ok: false, message: '--nvrs goes with --cameras (e.g. --cameras 16 --nvrs 2)' };
  }
  if (cameraCount !== undefined && args.positionals.length > 0) {
    return { ok: false, message: `up takes a scenario file or --cameras, not both (got ${args.positionals[0]} and --cameras ${cameraCount})` };
  }
  const token = text('token') ?? (env.VIGI_SIM_TOKEN || undefined);
  if (token !== undefined && token.trim() === '') return { ok: false, message: '--token must not be empty' };

  const scenario = args.positionals[0];
  return {
    ok: true,
    value: {
      help: values.help === true,
      ...(scenario !== undefined ? { scenario } : {}),
      ...(cameraCount !== undefined ? { topology: { cameras: cameraCount, nvrs: valueOf(nvrs) ?? 0 } } : {}),
      control: valueOf(control) ?? DEFAULT_CONTROL,
      ...optional('smtpUrl', valueOf(smtpUrl)),
      ...optional('seed', valueOf(seed)),
      ...optional('deviceHost', valueOf(deviceHost)),
      ...optional('token', token),
      ...optional('stateDir', stateDir),
      ...optional('mdnsPort', valueOf(mdnsPort)),
      ...optional('wsDiscoveryPort', valueOf(wsDiscoveryPort)),
      ...optional('devicePorts', valueOf(devicePorts)),
      ...optional('shard', valueOf(shard)),
      ...optional('only', valueOf(only)),
      ...optional('discoveryInterface', valueOf(discoveryInterface)),
    },
  };
}

/** An interface is named by one of its IPv4 addresses, as multicast sockets take it. */
function parseIpv4(text: string, flag: string): OptionValue<string> {
  return isIPv4(text) ? { ok: true, value: text } : { ok: false, message: `${flag} "${text}" is not an IPv4 address (the address of the interface, e.g. 172.28.0.10)` };
}

function parseDevicePorts(text: string): OptionValue<{ https: number; http: number }> {
  const [https, http, ...rest] = text.split(',');
  const ports = [https, http].map((port) => parseCount(port?.trim() ?? '', '--device-ports', 0, 65535));
  if (rest.length > 0 || ports.some((port) => !port.ok)) return { ok: false, message: `--device-ports "${text}" is not <https>,<http> (two ports from 0 to 65535)` };
  const [httpsPort, httpPort] = ports.map(valueOf) as [number, number];
  return { ok: true, value: { https: httpsPort, http: httpPort } };
}

/** An absent flag is fine (undefined); a present one must parse. */
function checked<T>(raw: string | undefined, parse: (value: string) => OptionValue<T>): OptionValue<T | undefined> {
  return raw === undefined ? { ok: true, value: undefined } : parse(raw);
}

function valueOf<T>(result: OptionValue<T>): T | undefined {
  return result.ok ? result.value : undefined;
}

function optional<K extends string, T>(key: K, value: T | undefined): { [P in K]?: T } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: T };
}
