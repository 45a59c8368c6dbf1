import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../../scenarios/scenario-loader.js';
import { startEmulator, type RunningEmulator } from '../../protocol/emulator.js';
import { VigiWebClient } from '../../protocol/client/vigi-web-client.js';
import { httpTransport } from '../../protocol/client/http-transport.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

/** The quickstart scenario on real sockets, with free ports, for end-to-end tests. */
export function quickstartScenario(): Scenario {
  const path = new URL('../../scenarios/quickstart.yaml', import.meta.url).pathname;
  const result = parseScenarioText(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new Error(`quickstart does not load: ${JSON.stringify(result.problems)}`);
  return result.scenario;
}

/**
 * Discovery ports of its own per test process, so parallel test files do not hear each other's
 * devices. Drawn once, below the kernel's ephemeral range (32768+), where `vigi-sim test` takes
 * its own.
 */
const discoveryBase = 10_000 + 2 * Math.floor(Math.random() * 10_000);
export function privateDiscoveryPorts(): { mdnsPort: number; wsDiscoveryPort: number } {
  return { mdnsPort: discoveryBase, wsDiscoveryPort: discoveryBase + 1 };
}

export async function startTestEmulator(scenario: Scenario = quickstartScenario(), extra: { smtpUrl?: string; nvrPollMs?: number } = {}) {
  const emulator: RunningEmulator = await startEmulator({
    scenario,
    control: { host: '127.0.0.1', port: 0 },
    devicePorts: { http: 0, https: 0 },
    ...privateDiscoveryPorts(),
    ...extra,
  });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.controlUrl}${path}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const device = (id: string) => {
    const summary = emulator.devices.find((d) => d.id === id);
    if (!summary) throw new Error(`no device ${id}`);
    return summary;
  };
  /** A client of one device's web API over HTTPS (or HTTP). */
  const client = (id: string, scheme: 'https' | 'http' = 'https') => {
    const { ip, ports } = device(id);
    return new VigiWebClient(httpTransport(`${scheme}://${ip}:${scheme === 'https' ? ports.https : ports.http}`));
  };
  return { emulator, control, device, client };
}
