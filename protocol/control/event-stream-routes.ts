import type { FastifyInstance } from 'fastify';
import type { EventJournal, JournalEntry } from '../events/event-journal.js';

/**
 * `GET /__sim/events` as a WebSocket: one JSON object per message, every journal entry with
 * its virtual time (`at`) and sequence number (`seq`). `?since=<seq>` replays what was missed
 * first; `?types=a,b` and `?device=<id>` filter. Plain HTTP GET on the same path returns the
 * recent entries as a JSON array, for clients without WebSocket.
 */
interface EventQuery {
  since?: string;
  types?: string;
  device?: string;
  limit?: string;
}

function filterFor(query: EventQuery): (entry: JournalEntry) => boolean {
  const types = query.types ? new Set(query.types.split(',').map((t) => t.trim()).filter(Boolean)) : undefined;
  return (entry) => (!types || types.has(entry.type)) && (query.device === undefined || entry.deviceId === query.device);
}

export function eventStreamRoutes(app: FastifyInstance, journal: EventJournal): void {
  app.route<{ Querystring: EventQuery }>({
    method: 'GET',
    url: '/__sim/events',
    handler: async (request) => {
      const limit = Math.min(10_000, Math.max(1, Number(request.query.limit ?? 200) || 200));
      return journal.recent({ since: Number(request.query.since ?? 0) || 0 }).filter(filterFor(request.query)).slice(-limit);
    },
    wsHandler: (socket, request) => {
      const query = request.query;
      const wanted = filterFor(query);
      const send = (entry: JournalEntry) => {
        if (wanted(entry) && socket.readyState === socket.OPEN) socket.send(JSON.stringify(entry));
      };
      const since = Number(query.since);
      if (Number.isFinite(since) && since >= 0 && query.since !== undefined) for (const entry of journal.recent({ since })) send(entry);
      const unsubscribe = journal.subscribe(send);
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
      // Clients may send anything (pings, text); the stream is one-way, so it is ignored.
      socket.on('message', () => undefined);
    },
  });
}
