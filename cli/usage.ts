import { readFileSync } from 'node:fs';
import type { OutputSink } from './output-sink.js';
import { projectFile } from '../protocol/project-files.js';

export const usage = `Usage: vigi-sim <command> [options]

Commands:
  up [scenario]              Start the emulator (default: scenarios/quickstart.yaml).
  up --cameras <n> [--nvrs <m>]
                             Start a generated topology instead of a scenario: n cameras
                             (1 to 20000) spread over m NVRs (0 to 500, default 0), one LAN
                             per NVR; every device logs in as admin / Vigi#Admin1.
      --control <host:port>  Control plane address (default: VIGI_SIM_CONTROL, or
                             127.0.0.1:9090).
      --smtp <url>           Send mail to this SMTP server, e.g. smtp://127.0.0.1:1025
                             (default: the embedded mailbox at <control>/__sim/mail).
      --seed <n>             Seed for generated values; overrides the scenario's seed.
      --device-host <addr>   Address the device listeners bind to.
      --discovery-interface <addr>
                             Interface (by its IPv4 address) for mDNS and WS-Discovery
                             (default 127.0.0.1; in a container, its own address).
      --only <id,...>        Run only these devices of the scenario; the rest run elsewhere
                             (one container per device: vigi-sim compose).
      --shard <k>/<n>        Run only the k-th of n slices of the topology, cut along LANs
                             (docs/scaling.md); each device keeps its address.
      --state-dir <dir>      Keep what devices keep in flash (activation, passwords, reset
                             setup, NVR channels) in dir, and resume from it on the next start.
      --token <secret>       Token the control plane requires (or VIGI_SIM_TOKEN); needed
                             when --control is not a loopback address.
  validate <scenario...>     Check scenario files; print every problem as file:line:column.
  test [suite...]            Run scenario suites (default: every *.yaml in scenarios/suites/),
                             each on free ports; TAP on stdout, exit 0 iff every step passed.
      --junit <file>         Also write the results as JUnit XML.
      --seed <n>             Seed for generated values; overrides each scenario's seed.
  fault <device|global> <type>
                             Apply a fault on a running emulator (power-off, offline,
                             no-internet, latency, mdns-silent; global: smtp-down).
      --ms <n>               latency: delay per request in ms.
      --probability <p>      Hit each request or mail with this chance (0 < p <= 1).
      --clear                Clear the fault instead.
      --control <host:port>  The running emulator's control plane (default: VIGI_SIM_CONTROL,
                             or 127.0.0.1:9090).
      --token <secret>       Its token, if it has one (or VIGI_SIM_TOKEN).
  fault list                 List the faults in force, each with why.
  checkpoint save <name>     Keep the whole topology of a running emulator (devices, mailbox,
                             faults) under a name; also: restore <name>, delete <name>, list.
                             --control and --token as for fault.
  reset                      Put a running emulator back at its scenario's start.
  compose <scenario>         Write a docker-compose.yml with one container per device, each at
                             its own address, plus Mailpit (and the scenario it runs).
      --out <dir>            Where to write them (default: vigi-sim-compose).
      --subnet <cidr>        The devices' network (default: 172.30.0.0/16).
      --network <driver>     bridge (default) or macvlan (devices on a LAN; with --parent).
      --parent <if>          The host interface of a macvlan network, e.g. eth0.
      --image <name>         The image to run (default: vigi-sim:local).
  help                       Show this help (also --help, -h).
  --version                  Print the version.

Exit status: 0 success, 1 invalid scenario or failure, 2 bad command line.`;

/** Prints `vigi-sim: <message>` and the usage to stderr; returns the exit status of a usage error. */
export function usageError(sink: OutputSink, message: string): number {
  sink.err(`vigi-sim: ${message}`);
  sink.err('');
  sink.err(usage);
  return 2;
}

/** The version in package.json ("unknown" if it cannot be read). */
export function packageVersion(): string {
  try {
    const text = readFileSync(projectFile('package.json'), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
