// The event journal over the WebSocket `/__sim/events`, resumed with `?since=<seq>` after a
// reconnect, with exponential backoff (0.5 s doubling to 10 s, with jitter).

import { api, socketProtocols } from './api.js';

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export class EventStream {
  /**
   * onEvent(entry): every journal entry once, in order.
   * onStatus(state, detail): 'connecting' | 'live' | 'reconnecting' (detail: ms until retry).
   * onResumed(): after a reconnect, when state may have changed unseen.
   * onRestarted(): the emulator's journal started again (a new process): seqs begin anew.
   */
  constructor({ onEvent, onStatus, onResumed, onRestarted }) {
    this.lastSeq = 0;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.handlers = { onEvent, onStatus, onResumed, onRestarted };
  }

  /** Starts after `lastSeq` (set it from an initial HTTP read to skip the backlog). */
  start() {
    this.open(false);
  }

  async open(resuming) {
    this.handlers.onStatus('connecting');
    if (resuming) {
      try {
        // A journal whose newest entry is older than ours belongs to a restarted emulator.
        const latest = await api('GET', '/__sim/events?limit=1');
        const newest = Array.isArray(latest) && latest.length > 0 ? latest[latest.length - 1].seq : 0;
        if (newest < this.lastSeq) {
          this.lastSeq = 0;
          this.handlers.onRestarted?.();
        }
      } catch {
        this.retry();
        return;
      }
    }
    const url = new URL('/__sim/events', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    // Always a `since`: what happened between the first read and this socket is replayed.
    url.searchParams.set('since', String(this.lastSeq));
    let socket;
    try {
      socket = new WebSocket(url, socketProtocols());
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.handlers.onStatus('live');
      if (resuming) this.handlers.onResumed?.();
    });
    socket.addEventListener('message', (message) => {
      let entry;
      try {
        entry = JSON.parse(message.data);
      } catch {
        return;
      }
      if (typeof entry?.seq !== 'number' || entry.seq <= this.lastSeq) return;
      this.lastSeq = entry.seq;
      this.handlers.onEvent(entry);
    });
    socket.addEventListener('close', () => {
      if (this.socket === socket) this.retry();
    });
  }

  retry() {
    this.socket = null;
    clearTimeout(this.timer);
    const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.attempt = Math.min(this.attempt + 1, 10);
    this.handlers.onStatus('reconnecting', delay);
    this.timer = setTimeout(() => this.open(true), delay);
  }
}
