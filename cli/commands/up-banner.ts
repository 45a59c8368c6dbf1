import type { RunningEmulator } from '../../protocol/emulator.js';
import type { Scenario } from '../../scenarios/scenario-types.js';

/** At most this many device rows, and NVR channel lines, before "... and N more". */
const MAX_ROWS = 40;
const MAX_CHANNEL_LINES = 10;

/**
 * What `vigi-sim up` prints once everything listens: where the control plane, mailbox and console are,
 * one line per device (cameras and NVRs), the cameras each NVR has added, and how to log in.
 * Lines, so the sink decides where they go.
 */
export function upBanner(title: string, scenario: Scenario, emulator: RunningEmulator): string[] {
  const control = emulator.controlUrl.replace(/\/+$/, '');
  // A generated topology can have thousands of devices: the first ones, then where the rest are.
  const shown = emulator.devices.length > MAX_ROWS ? emulator.devices.slice(0, MAX_ROWS - 1) : emulator.devices;
  const hidden = emulator.devices.length - shown.length;
  // VIGI OpenAPI gets a column only when some device has it on (off by default, as on real devices).
  const openapi = emulator.devices.some((device) => device.ports.openapi !== undefined);
  const rows = [
    ['ID', 'KIND', 'MODEL', 'IP', 'WEB', ...(openapi ? ['OPENAPI'] : []), 'ACTIVATED'],
    ...shown.map((device) => [
      device.id,
      device.kind,
      device.model,
      device.ip,
      `https://${device.ip}:${device.ports.https}`,
      ...(openapi ? [device.ports.openapi !== undefined ? `:${device.ports.openapi}` : 'off'] : []),
      device.activated ? 'yes' : 'no (factory-fresh)',
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const table = rows.map((row) => `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}`);
  if (hidden > 0) table.push(`  ... and ${hidden} more: ${control}/__sim/devices`);

  return [
    `${title} is up (${emulator.devices.length} ${emulator.devices.length === 1 ? 'device' : 'devices'})`,
    '',
    `  Control plane  ${control}`,
    `  Mailbox        ${control}/__sim/mail`,
    `  Console        ${control}/console/`,
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
  const nvrs = scenario.devices.filter((device) => device.kind === 'nvr' && device.channels.length > 0);
  for (const [index, device] of nvrs.entries()) {
    if (device.kind !== 'nvr') continue;
    if (index === MAX_CHANNEL_LINES - 1 && nvrs.length > MAX_CHANNEL_LINES) {
      lines.push(`  ... and ${nvrs.length - index} more NVRs with channels`);
      break;
    }
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
