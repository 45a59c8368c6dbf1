import type { Fleet, Device } from '../../devices/fleet.js';
import type { TpLinkCloud } from '../../devices/cloud/tp-link-cloud.js';
import type { EventSink } from '../../devices/kernel/device-events.js';
import type { EventJournal } from '../events/event-journal.js';
import type { Refusal } from '../../devices/kernel/vendor-errors.js';
import type { FastifyReply } from 'fastify';
import type { Mailbox } from '../mail/mailbox.js';
import type { FaultController } from '../faults/fault-controller.js';
import type { VirtualClock } from '../virtual-clock.js';
import type { DevicePorts } from './device-summary.js';
import type { Checkpoints } from '../checkpoints.js';
import type { RequestLog } from '../events/request-log.js';

/** What the control plane works on: the same objects the devices run with, nothing private. */
export interface ControlDeps {
  readonly fleet: Fleet;
  readonly faults: FaultController;
  readonly devicePorts: () => DevicePorts;
  /** The scenario LAN a device's address is on. */
  readonly lanOf: (ip: string) => string;
  readonly clock: VirtualClock;
  readonly cloud: TpLinkCloud;
  /** The embedded mailbox; absent when mail goes to an external server (`--smtp`). */
  readonly mailbox?: Mailbox;
  readonly smtp: { host: string; port: number } | { url: string };
  /** Where the control plane reports what it did; the journal is what it reads back. */
  readonly events: EventSink;
  readonly journal: EventJournal;
  /** Returns the whole topology, mailbox included, to the scenario's start. */
  readonly reset: () => Promise<void>;
  /** Named points to return to; absent in tests that build the control plane alone. */
  readonly checkpoints?: Checkpoints;
  /** What clients asked the devices' web API; absent in tests that build the control plane alone. */
  readonly requests?: RequestLog;
  /** Adds a plain password to the book OpenAPI digests are checked with. */
  readonly rememberPassword: (password: string) => void;
  readonly isReady: () => boolean;
  /** After the virtual clock jumped: whatever the timeline has due fires now. */
  readonly onClockAdvanced?: () => Promise<void>;
  /** Called after a fault or reset changed a device (drops its open connections when it went down). */
  readonly onDeviceChanged?: (device: Device) => void;
  readonly token?: string;
}

/** Control-plane errors: HTTP 4xx with the vendor code where one applies, and a sentence. */
export function sendError(reply: FastifyReply, status: number, message: string, refusal?: Refusal): FastifyReply {
  return reply.code(status).send({ error: { message, ...(refusal ? { code: refusal.code, name: refusal.name } : {}) } });
}
