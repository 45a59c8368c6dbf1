import pino from 'pino';
import { Writable } from 'node:stream';
import { startEmulator, type RunningEmulator } from '../../protocol/emulator.js';
import { privateDiscoveryPorts, quickstartScenario } from '../helpers/emulator-fixture.js';
import { md5Form } from '../../devices/credentials/md5-form.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

/**
 * The quickstart on real sockets with free ports, as test/helpers/emulator-fixture.ts starts it
 * (startTestEmulator), with one addition: the emulator's log is captured, so a handler that
 * threw (logged at level error, answered as -40101 or a 4xx) is counted instead of scrolling by.
 */
export interface LoggedError {
  readonly msg: string;
  readonly err?: string;
  readonly url?: string;
}

export interface FuzzEmulator {
  readonly emulator: RunningEmulator;
  readonly scenario: Scenario;
  readonly errors: LoggedError[];
  control(method: string, path: string, body?: unknown, init?: { headers?: Record<string, string>; rawBody?: string | Buffer }): Promise<{ status: number; text: string; json: unknown }>;
  close(): Promise<void>;
}

export async function startFuzzEmulator(): Promise<FuzzEmulator> {
  const scenario = quickstartScenario();
  const errors: LoggedError[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string; stack?: string }; req?: { url?: string } };
          if ((entry.level ?? 0) >= 50 && errors.length < 1000) {
            errors.push({ msg: entry.msg ?? '', ...(entry.err ? { err: (entry.err.stack ?? entry.err.message ?? '').split('\n').slice(0, 3).join(' | ') } : {}), ...(entry.req?.url ? { url: entry.req.url } : {}) });
          }
        } catch {
          // not JSON: ignore
        }
      }
      done();
    },
  });
  const emulator = await startEmulator({
    scenario,
    control: { host: '127.0.0.1', port: 0 },
    devicePorts: { http: 0, https: 0 },
    ...privateDiscoveryPorts(),
    logger: pino({ level: 'warn' }, sink),
  });
  const control: FuzzEmulator['control'] = async (method, path, body, init = {}) => {
    const response = await fetch(`${emulator.controlUrl}${path}`, {
      method,
      ...(init.rawBody !== undefined ? { body: init.rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
  return { emulator, scenario, errors, control, close: () => emulator.close() };
}

/**
 * What no reply of a device's web API may ever contain: the MD5 forms of the scenario's
 * passwords, its security answers, and its reset emails unmasked (devices show them masked).
 */
export function staticSecrets(scenario: Scenario): string[] {
  const out = new Set<string>();
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string' && (key === 'password' || key === 'answer' || key === 'resetEmail')) out.add(key === 'password' ? md5Form(value) : value);
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(scenario, '');
  return [...out];
}
