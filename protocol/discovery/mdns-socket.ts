import dgram, { type Socket } from 'node:dgram';
import multicastDns from 'multicast-dns';

export interface MdnsSocket {
  mdns: multicastDns.MulticastDNS;
  /** The raw socket under it, to send packets we encoded and sized ourselves. */
  socket: Socket;
  close(): Promise<void>;
}

/**
 * One multicast-dns instance on `port`, pinned to one interface (TOOLING.md): bound to 0.0.0.0
 * (a socket bound to an address never sees group traffic), group joined and packets sent on
 * `interfaceAddress` only (loopback by default, so nothing leaves this host), port shared with
 * other mDNS stacks through reuseAddr, and our own multicast heard back (loopback).
 */
export async function openMdnsSocket(port: number, interfaceAddress: string): Promise<MdnsSocket> {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  const mdns = multicastDns({ socket, port, bind: '0.0.0.0', interface: interfaceAddress, reuseAddr: true, loopback: true });
  const close = (): Promise<void> => new Promise((resolve) => mdns.destroy(() => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      mdns.once('ready', resolve);
      mdns.once('error', reject);
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { mdns, socket, close };
}
