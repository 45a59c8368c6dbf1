import type { Answer, DecodedPacket, Question } from 'dns-packet';
import { KnownAnswers } from './mdns-answers.js';

/** RFC 6762 §7.2: after a query with the TC bit, wait 400–500 ms for the rest of its known answers. */
export const TC_WAIT_MIN_MS = 400;
export const TC_WAIT_SPREAD_MS = 100;
/** Queriers whose known-answer lists are being collected at once; more are answered without waiting. */
const MAX_PENDING_SOURCES = 256;
/** Known answers kept per querier (a list of 1,000 devices x 4 records fits with room to spare). */
const MAX_KNOWN_PER_SOURCE = 20_000;

/** One query as the responder answers it: its questions and every known answer it came with. */
export interface AssembledQuery<C> {
  questions: Question[];
  known: KnownAnswers;
  /** Packets the query arrived in (1 without the TC bit). */
  packets: number;
  context: C;
}

export interface KnownAnswerAssemblerOptions {
  /** The wait after a TC packet, in ms (default: uniform in 400–500 ms, as §7.2 asks). */
  waitMs?: () => number;
}

interface Pending<C> {
  questions: Question[];
  known: KnownAnswers;
  packets: number;
  context: C;
  timer: NodeJS.Timeout;
}

/**
 * Multi-packet known-answer suppression (RFC 6762 §7.2). A querier whose known answers do not
 * fit one packet sets the TC bit and sends the rest in further packets (usually without
 * questions). Answering the first packet alone would resend everything listed in the others, so
 * a TC query is held, keyed by its source address and port, and every packet from that source in
 * the next 400–500 ms adds its questions and known answers; then the whole is answered once.
 * A query without TC and nothing pending from its source is answered at once; a packet of known
 * answers alone, with nothing pending, asks nothing and is dropped.
 */
export class KnownAnswerAssembler<C> {
  readonly #complete: (query: AssembledQuery<C>) => void;
  readonly #waitMs: () => number;
  readonly #pending = new Map<string, Pending<C>>();
  /** Queries that had to wait for more known answers (for counters and tests). */
  held = 0;

  constructor(complete: (query: AssembledQuery<C>) => void, options: KnownAnswerAssemblerOptions = {}) {
    this.#complete = complete;
    this.#waitMs = options.waitMs ?? (() => TC_WAIT_MIN_MS + Math.random() * TC_WAIT_SPREAD_MS);
  }

  get pending(): number {
    return this.#pending.size;
  }

  /** `source` names the querier (address and port, and the socket it came in on). */
  receive(source: string, packet: DecodedPacket, context: C): void {
    const questions = packet.questions ?? [];
    const known = (packet.answers ?? []) as Answer[];
    const pending = this.#pending.get(source);
    if (pending) {
      pending.questions.push(...questions);
      if (pending.known.size < MAX_KNOWN_PER_SOURCE) pending.known.add(known);
      pending.packets++;
      return;
    }
    if (packet.flag_tc && this.#pending.size < MAX_PENDING_SOURCES) {
      this.held++;
      const timer = setTimeout(() => this.#finish(source), Math.max(0, this.#waitMs()));
      timer.unref();
      this.#pending.set(source, { questions: [...questions], known: new KnownAnswers(known), packets: 1, context, timer });
      return;
    }
    if (questions.length === 0) return;
    this.#complete({ questions: [...questions], known: new KnownAnswers(known), packets: 1, context });
  }

  /** Forgets every query still waiting (the responder is closing). */
  close(): void {
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    this.#pending.clear();
  }

  #finish(source: string): void {
    const pending = this.#pending.get(source);
    if (!pending) return;
    this.#pending.delete(source);
    if (pending.questions.length === 0) return;
    this.#complete({ questions: pending.questions, known: pending.known, packets: pending.packets, context: pending.context });
  }
}
