import type { FastifyInstance } from 'fastify';
import type { EventJournal, JournalEntry } from '../events/event-journal.js';
import { schemaOf } from './openapi-schemas.js';

/**
 * `GET /__sim/events` as a WebSocket: one JSON object per message, every journal entry with
 * its virtual time (`at`) and sequence number (`seq`). `?since=<seq>` replays what was missed
 * first; `?types=a,b` (or repeated `?types=`) and `?device=<id>` (or several) filter. Plain HTTP GET on the same path returns the
 * recent entries as a JSON array, for clients without WebSocket.
 */
/** Each field may arrive once or repeated (`?types=a&types=b` parses as an array). */
type QueryValue = string | string[] | undefined;
interface EventQuery {
  since?: QueryValue;
  types?: QueryValue;
  device?: QueryValue;
  limit?: QueryValue;
}

/** Every value of a field, repeated or comma-separated, as a set; undefined when absent. */
function valuesOf(value: QueryValue): Set<string> | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  return parts.length > 0 ? new Set(parts) : undefined;
}

/** The last value of a field that is meant to be single (`since`, `limit`). */
function lastOf(value: QueryValue): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

function filterFor(query: EventQuery): (entry: JournalEntry) => boolean {
  const types = valuesOf(query.types);
  const devices = valuesOf(query.device);
  return (entry) => (!types || types.has(entry.type)) && (!devices || devices.has(entry.deviceId));
}

export function eventStreamRoutes(app: FastifyInstance, journal: EventJournal): void {
  app.route<{ Querystring: EventQuery }>({
    method: 'GET',
    url: '/__sim/events',
    schema: schemaOf('GET', '/__sim/events'),
    handler: async (request) => {
      const limit = Math.min(10_000, Math.max(1, Number(lastOf(request.query.limit) ?? 200) || 200));
      return journal.recent({ since: Number(lastOf(request.query.since) ?? 0) || 0 }).filter(filterFor(request.query)).slice(-limit);
    },
    wsHandler: (socket, request) => {
      const query = request.query;
      const wanted = filterFor(query);
      const send = (entry: JournalEntry) => {
        if (wanted(entry) && socket.readyState === socket.OPEN) socket.send(JSON.stringify(entry));
      };
      const sinceText = lastOf(query.since);
      const since = Number(sinceText);
      if (Number.isFinite(since) && since >= 0 && sinceText !== undefined) for (const entry of journal.recent({ since })) send(entry);
      const unsubscribe = journal.subscribe(send);
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
      // Clients may send anything (pings, text); the stream is one-way, so it is ignored.
      socket.on('message', () => undefined);
    },
  });
}
