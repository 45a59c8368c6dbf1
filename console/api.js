// The control plane over fetch, with the optional bearer token (kept in sessionStorage).

const TOKEN_KEY = 'vigi-sim.token';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

let askForToken = null;
let asking = null;

/** `ask(reason)` resolves with a token the user typed; the console installs a dialog here. */
export function onTokenNeeded(ask) {
  askForToken = ask;
}

export function currentToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

function storeToken(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: the token lives for this call only
  }
}

/** One prompt at a time, however many calls were refused together. */
async function newToken(reason) {
  if (!askForToken) throw new ApiError(401, reason);
  asking ??= askForToken(reason).finally(() => {
    asking = null;
  });
  const token = await asking;
  storeToken(token);
  return token;
}

/**
 * `api('POST', '/__sim/clock/advance', { ms: 60000 })`: the parsed JSON reply, or an ApiError
 * carrying the control plane's own sentence. A 401 asks for the token and tries again (three
 * times at most).
 */
export async function api(method, path, body) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const token = currentToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(path, { method, headers, cache: 'no-store', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    let data;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    const message = data?.error?.message ?? `${method} ${path} answered HTTP ${response.status}.`;
    if (response.status === 401) {
      await newToken(token ? 'The control plane refused this token.' : message);
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, message, data);
    return data;
  }
  throw new ApiError(401, 'The control plane refused the token three times.');
}

/** WebSocket subprotocols that carry the token (browsers cannot set headers on a WebSocket). */
export function socketProtocols() {
  const token = currentToken();
  if (!token) return [];
  const bytes = new TextEncoder().encode(token);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return ['vigi-sim', `vigi-sim.bearer.${encoded}`];
}
