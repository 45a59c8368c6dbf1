import dgram, { type RemoteInfo, type Socket } from 'node:dgram';
import type { AdvertisedDevice, DiscoverySource } from '../../../protocol/discovery/advertised-device.js';

/**
 * Devices and ports of this test process's own: tap runs two test files at once, so each picks
 * a random port (below Linux's ephemeral range) and a random 127.x block for device addresses.
 */
const block = 100 + Math.floor(Math.random() * 150);
export const privatePort = (): number => 20_000 + Math.floor(Math.random() * 12_000);

export function testDevice(index: number, overrides: Partial<AdvertisedDevice> = {}): AdvertisedDevice {
  const hex = (index + 1).toString(16).padStart(6, '0').toUpperCase();
  const kind = overrides.kind ?? 'camera';
  return {
    id: `${kind}-${index + 1}`, kind, name: `${kind === 'nvr' ? 'Recorder' : 'Camera'} ${index + 1}`,
    model: kind === 'nvr' ? 'NVR1008H' : 'C340', mac: `40-AE-30-${hex.slice(0, 2)}-${hex.slice(2, 4)}-${hex.slice(4)}`,
    uuid: `00000000-0000-4000-8000-${hex.padStart(12, '0').toLowerCase()}`, firmware: '1.0.0 Build 240101',
    activated: index % 2 === 0, ip: `127.${block}.${Math.floor(index / 200) + 1}.${(index % 200) + 1}`,
    httpsPort: 8443, httpPort: 8080, ...overrides,
  };
}

export const testDevices = (count: number): AdvertisedDevice[] => Array.from({ length: count }, (_, i) => testDevice(i));

/** A source the test edits directly: `devices` is what is "powered on". */
export class StaticSource implements DiscoverySource {
  devices: AdvertisedDevice[];

  constructor(devices: AdvertisedDevice[]) {
    this.devices = devices;
  }

  advertised(): AdvertisedDevice[] {
    return [...this.devices];
  }
}

/** A raw socket on the group, loopback only, recording every datagram (sizes included). */
export async function groupListener(port: number, group: string): Promise<{ messages: Array<{ data: Buffer; from: RemoteInfo }>; close(): Promise<void> }> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const messages: Array<{ data: Buffer; from: RemoteInfo }> = [];
  socket.on('message', (data, from) => messages.push({ data, from }));
  await new Promise<void>((resolve) => socket.bind(port, '0.0.0.0', resolve));
  socket.addMembership(group, '127.0.0.1');
  socket.setRecvBufferSize(4 << 20);
  return { messages, close: () => closeSocket(socket) };
}

/** An ephemeral-port client socket: a legacy (non-5353) querier. */
export async function clientSocket(): Promise<Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

export const closeSocket = (socket: Socket): Promise<void> => new Promise((resolve) => socket.close(() => resolve()));

/** The first datagram to arrive within `ms`, or undefined. */
export function nextMessage(socket: Socket, ms: number): Promise<{ data: Buffer; from: RemoteInfo } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      resolve(undefined);
    }, ms);
    const onMessage = (data: Buffer, from: RemoteInfo): void => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve({ data, from });
    };
    socket.on('message', onMessage);
  });
}
