import type { OutputSink } from './output-sink.js';
import { parseHostPort } from './option-values.js';

/**
 * One request from a CLI command to a running emulator's control plane. Failures are printed
 * (`vigi-sim: ...`) and come back as undefined: no emulator answering, or its error message.
 */
export async function controlRequest(
  sink: OutputSink,
  target: { base: string; token: string | undefined },
  method: string,
  path: string,
  body?: Record<string, unknown>,
): Promise<{ reply: unknown } | undefined> {
  let response: Response;
  try {
    response = await fetch(`${target.base}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    sink.err(`vigi-sim: no emulator answers at ${target.base} (${(error as Error).message}); start one with "vigi-sim up" or pass --control`);
    return undefined;
  }
  const text = await response.text();
  let reply: unknown;
  try {
    reply = text ? JSON.parse(text) : {};
  } catch {
    sink.err(`vigi-sim: ${target.base} answered ${response.status} with something that is not the control plane's JSON`);
    return undefined;
  }
  if (!response.ok) {
    sink.err(`vigi-sim: ${(reply as { error?: { message?: string } }).error?.message ?? `the control plane answered ${response.status}`}`);
    return undefined;
  }
  return { reply };
}

/** Where a CLI command finds the emulator: --control, else VIGI_SIM_CONTROL, else 127.0.0.1:9090; a message when malformed. */
export function controlTarget(values: Record<string, unknown>, env: NodeJS.ProcessEnv): { base: string; token: string | undefined } | string {
  const control = parseHostPort(String(values.control ?? env.VIGI_SIM_CONTROL ?? '127.0.0.1:9090'), '--control');
  if (!control.ok) return control.message;
  return { base: `http://${control.value.host}:${control.value.port}`, token: (values.token as string | undefined) ?? env.VIGI_SIM_TOKEN };
}
