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

  /** Notes one answered request; cheap, as it runs for every request. */
  record(deviceId: string, scheme: 'https' | 'http', session: boolean, body: unknown, errorCode: number, at: number): void {
    const entry: { -readonly [K in keyof DeviceRequest]: DeviceRequest[K] } = { seq: ++this.#seq, at, deviceId, scheme, session, errorCode, httpStatus: 200 };
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) nameInto(entry, body as Record<string, unknown>);
    this.#entries.push(entry);
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
  const names: { method?: string; module?: string; action?: string } = {};
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) nameInto(names, body as Record<string, unknown>);
  return names;
}

/** Sets `method`, `module` and `action` on `into` where the body names them (no copies, no rest objects). */
function nameInto(into: { method?: string; module?: string; action?: string }, body: Record<string, unknown>): void {
  let module: string | undefined;
  let modules = 0;
  for (const key in body) {
    if (key === 'method' || !Object.hasOwn(body, key)) continue;
    modules += 1;
    module = key;
  }
  const { method } = body;
  if (typeof method === 'string') into.method = method.length > 32 ? method.slice(0, 32) : method;
  if (modules !== 1 || module === undefined) return;
  into.module = module.length > 64 ? module.slice(0, 64) : module;
  const params = body[module];
  if (method !== 'do' || params === null || typeof params !== 'object' || Array.isArray(params)) return;
  let action: string | undefined;
  let actions = 0;
  for (const key in params) {
    if (!Object.hasOwn(params, key)) continue;
    actions += 1;
    action = key;
  }
  if (actions === 1 && action !== undefined) into.action = action.length > 64 ? action.slice(0, 64) : action;
}
