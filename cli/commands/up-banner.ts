import type { RunningEmulator } from '../../protocol/emulator.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

/**
 * What `vigi-sim up` prints once everything listens: where the control plane and mailbox are,
 * one line per device (cameras and NVRs), the cameras each NVR has added, and how to log in.
 * Lines, so the sink decides where they go.
 */
export function upBanner(title: string, scenario: Scenario, emulator: RunningEmulator): string[] {
  const control = emulator.controlUrl.replace(/\/+$/, '');
  const rows = [
    ['ID', 'KIND', 'MODEL', 'IP', 'WEB', 'ACTIVATED'],
    ...emulator.devices.map((device) => [
      device.id,
      device.kind,
      device.model,
      device.ip,
      `https://${device.ip}:${device.ports.https}`,
      device.activated ? 'yes' : 'no (factory-fresh)',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const table = rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}`);

  return [
    `${title} is up (${emulator.devices.length} ${emulator.devices.length === 1 ? 'device' : 'devices'})`,
    '',
    `  Control plane  ${control}`,
    `  Mailbox        ${control}/__sim/mail`,
    `  SMTP           ${smtpText(emulator.smtp)}`,
    '',
    ...table,
    ...channelLines(scenario),
    '',
    `  ${passwordNote(scenario, emulator)}`,
    '',
    'Press Ctrl+C to stop.',
  ];
}

/**
 * Each NVR's channels as the scenario sets them up (the start state; the control plane has the
 * live one). Read from the scenario, so it does not depend on what the device summaries carry.
 */
function channelLines(scenario: Scenario): string[] {
  const own = new Map(scenario.devices.map((device) => [device.id, device.password]));
  const lines: string[] = [];
  for (const device of scenario.devices) {
    if (device.kind !== 'nvr' || device.channels.length === 0) continue;
    const channels = device.channels.map((channel) =>
      channel.password === undefined || channel.password === own.get(channel.camera) ? channel.camera : `${channel.camera} (not certified)`);
    lines.push(`  ${device.id} channels: ${channels.join(', ')}`);
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

function smtpText(smtp: RunningEmulator['smtp']): string {
  if (!('url' in smtp)) return `${smtp.host}:${smtp.port} (embedded)`;
  try {
    // Never echo a password that came in the --smtp URL.
    const url = new URL(smtp.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return smtp.url;
  }
}

/** The admin password to use, when the scenario gives every activated device the same one. */
function passwordNote(scenario: Scenario, emulator: RunningEmulator): string {
  const activated = new Set(emulator.devices.filter((device) => device.activated).map((device) => device.id));
  if (activated.size === 0) return 'No device is activated yet: set an initial password to activate one.';
  const passwords = new Set(scenario.devices.filter((device) => activated.has(device.id)).map((device) => device.password));
  const [only] = passwords;
  if (passwords.size === 1 && only !== undefined) return `Activated devices log in as admin / ${only}`;
  return 'Activated devices log in as admin with the password set in the scenario.';
}
