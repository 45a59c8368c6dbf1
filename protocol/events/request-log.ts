/**
 * What clients asked the devices' web API, one entry per answered request, for a test to check
 * its client's calls (as WireMock's request journal does): which device, which module and
 * action, pre-auth or with a session, and the error_code it got. Names only: no parameter,
 * password envelope, stok or code is kept. Bounded: the oldest entries go.
 */
export interface DeviceRequest {
  readonly seq: number;
  /** Virtual time, ms since the epoch. */
  readonly at: number;
  readonly deviceId: string;
  /** `https` or `http`. */
  readonly scheme: 'https' | 'http';
  /** True on `POST /stok=<stok>/ds` (the stok itself is not kept). */
  readonly session: boolean;
  /** The body's `method` (get, set, do...), when it had one. */
  readonly method?: string;
  /** The module named next to `method`, when there was exactly one. */
  readonly module?: string;
  /** For a `do` module that names a sub-action (`forget_password`, `chm`...): that action. */
  readonly action?: string;
  readonly errorCode: number;
  readonly httpStatus: number;
}

export interface RequestFilter {
  readonly deviceId?: string;
  readonly module?: string;
  readonly action?: string;
  /** Entries after this sequence number. */
  readonly since?: number;
  /** At most this many, the newest. */
  readonly limit?: number;
}

export class RequestLog {
  readonly #entries: DeviceRequest[] = [];
  readonly #limit: number;
  #seq = 0;

  constructor(limit = 10_000) {
    this.#limit = limit;
  }

  record(entry: Omit<DeviceRequest, 'seq'>): void {
    this.#entries.push({ ...entry, seq: ++this.#seq });
    // Trimmed a quarter at a time: a full log must not cost a copy per request.
    if (this.#entries.length > this.#limit + Math.max(1, this.#limit >> 2)) this.#entries.splice(0, this.#entries.length - this.#limit);
  }

  /** Matching entries, oldest first. */
  list(filter: RequestFilter = {}): DeviceRequest[] {
    const kept = this.#entries.length > this.#limit ? this.#entries.slice(-this.#limit) : this.#entries;
    const matching = kept.filter((entry) =>
      (filter.since === undefined || entry.seq > filter.since)
      && (filter.deviceId === undefined || entry.deviceId === filter.deviceId)
      && (filter.module === undefined || entry.module === filter.module)
      && (filter.action === undefined || entry.action === filter.action));
    return filter.limit !== undefined ? matching.slice(-filter.limit) : matching;
  }

  clear(): void {
    this.#entries.length = 0;
  }

  get lastSeq(): number {
    return this.#seq;
  }
}

/** Method, module and action of a decoded request body, as far as it names them. */
export function requestNames(body: unknown): { method?: string; module?: string; action?: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const { method, ...rest } = body as Record<string, unknown>;
  const modules = Object.keys(rest);
  const module = modules.length === 1 ? modules[0] : undefined;
  const params = module !== undefined ? rest[module] : undefined;
  const actions = method === 'do' && params !== null && typeof params === 'object' && !Array.isArray(params) ? Object.keys(params) : [];
  return {
    ...(typeof method === 'string' ? { method: method.slice(0, 32) } : {}),
    ...(module !== undefined ? { module: module.slice(0, 64) } : {}),
    ...(actions.length === 1 ? { action: actions[0]!.slice(0, 64) } : {}),
  };
}
