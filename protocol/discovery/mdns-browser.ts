import { setTimeout as sleep } from 'node:timers/promises';
import type { Question } from 'dns-packet';
import type multicastDns from 'multicast-dns';
import { openMdnsSocket } from './mdns-socket.js';
import { BrowseState, type FoundDevice } from './mdns-browse-state.js';
import { VIGI_SERVICE } from './mdns-records.js';

export type { FoundDevice } from './mdns-browse-state.js';

export interface BrowseOptions {
  timeoutMs?: number;
  /** The one interface to join the group on and send from (loopback by default). */
  interfaceAddress?: string;
  port?: number;
  /** Return as soon as this many complete devices have been heard, without waiting out `timeoutMs`. */
  expected?: number;
}

/** Questions per follow-up query: ~45 bytes each keeps a query near 1,400 bytes. */
const QUESTIONS_PER_QUERY = 28;

/**
 * Browses `_vigi._tcp.local` for `timeoutMs` and returns every complete instance heard (SRV,
 * address and TXT, from answers or additional records, over any number of packets), each once.
 * Instances that said goodbye are dropped. Twice during the wait it asks again: for SRV, TXT
 * or A records still missing (lost packets), or for the PTR if nothing answered yet.
 * Queries go out from the mDNS port itself (shared via reuseAddr), so answers come back by
 * multicast, as for any full mDNS querier (RFC 6762 §5.2).
 */
export async function browseVigi(options: BrowseOptions = {}): Promise<FoundDevice[]> {
  const timeoutMs = options.timeoutMs ?? 1000;
  const port = options.port ?? 5353;
  const { mdns, socket, close } = await openMdnsSocket(port, options.interfaceAddress ?? '127.0.0.1');
  const state = new BrowseState();
  const expected = options.expected ?? Number.POSITIVE_INFINITY;
  const enough = new AbortController();
  mdns.on('warning', () => {}); // undecodable packets from anyone on the link
  mdns.on('response', (packet: multicastDns.ResponsePacket) => {
    try {
      state.ingest([...(packet.answers ?? []), ...(packet.additionals ?? [])]);
      if (state.size >= expected && !enough.signal.aborted && state.found().length >= expected) enough.abort();
    } catch {
      // a packet shaped in a way nobody foresaw: skip it
    }
  });
  mdns.on('error', () => {});
  try {
    try {
      // Hundreds of answer packets may arrive at once; a bigger buffer loses fewer of them.
      socket.setRecvBufferSize(1 << 20);
    } catch {
      // refused by the kernel: the default buffer, with the pacing on the sending side, will do
    }
    const ask = (questions: Question[]): void => {
      for (let i = 0; i < questions.length; i += QUESTIONS_PER_QUERY) mdns.query({ questions: questions.slice(i, i + QUESTIONS_PER_QUERY) });
    };
    const browse: Question = { name: VIGI_SERVICE, type: 'PTR' };
    ask([browse]);
    const steps = [0.4, 0.7, 1].map((share) => Math.round(timeoutMs * share));
    let elapsed = 0;
    for (const [index, at] of steps.entries()) {
      try {
        await sleep(at - elapsed, undefined, { signal: enough.signal });
      } catch {
        break; // every expected device heard
      }
      elapsed = at;
      if (index < steps.length - 1) ask(state.size > 0 ? state.missing() : [browse]);
    }
    return state.found();
  } finally {
    await close();
  }
}
