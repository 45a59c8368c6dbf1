import dgram from 'node:dgram';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseProbeMatches, probeMessage, WSD_GROUP, type ProbeMatch } from './ws-discovery-messages.js';

export interface ProbeOptions {
  timeoutMs?: number;
  port?: number;
  /** The one interface to send the multicast Probe from (loopback by default). */
  interfaceAddress?: string;
  /** The Types to probe for; '' probes for any device. */
  types?: string;
}

/**
 * A WS-Discovery client, as an ONVIF tool would be: one multicast Probe, then every
 * ProbeMatches that relates to it until the timeout, each device once (by endpoint uuid).
 */
export async function probeOnvif(options: ProbeOptions = {}): Promise<ProbeMatch[]> {
  const iface = options.interfaceAddress ?? '127.0.0.1';
  const messageId = `urn:uuid:${randomUUID()}`;
  const found = new Map<string, ProbeMatch>();
  const socket = dgram.createSocket({ type: 'udp4' });
  socket.on('error', () => {}); // a send error before close is not worth a crash
  socket.on('message', (data) => {
    try {
      for (const match of parseProbeMatches(data.toString('utf8'), messageId)) if (!found.has(match.uuid)) found.set(match.uuid, match);
    } catch {
      // not a message for us
    }
  });
  try {
    await new Promise<void>((resolve) => socket.bind(0, '0.0.0.0', resolve));
    socket.setMulticastInterface(iface);
    socket.setMulticastLoopback(true);
    socket.setRecvBufferSize(1 << 20);
    socket.send(probeMessage(messageId, options.types), options.port ?? 3702, WSD_GROUP);
    await sleep(options.timeoutMs ?? 1000);
    return [...found.values()];
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}
