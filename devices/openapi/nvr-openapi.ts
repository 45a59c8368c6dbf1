import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import { secretsEqual } from '../credentials/secret-compare.js';
import { digestResponse, randomHex } from './openapi-digest.js';
import type { DigestSecret, OpenApiContext } from './camera-openapi.js';

/**
 * The NVR side of VIGI OpenAPI (research/vigi-wire-facts.md §1.4, public): `GET /openapi/token`
 * is an HTTP Digest (SHA-256) challenge, then Bearer tokens `{token_type "bearer", access_token,
 * refresh_token, expires_in}`; `GET /openapi/token?grant_type=refresh_token&refresh_token=…`
 * refreshes. The realm, nonce format, token format and lifetimes are ours. Pure.
 */
export const NVR_REALM = 'TP-LINK NVR';
export const ADMIN_USER = 'admin';
/** Public: the one path a Digest answer is for. */
export const TOKEN_PATH = '/openapi/token';

export interface NvrOpenApiPolicy {
  readonly accessValidMs: number;
  readonly refreshValidMs: number;
  readonly nonceValidMs: number;
  readonly noncesKept: number;
  readonly tokensKept: number;
}

export const nvrOpenApiPolicy: NvrOpenApiPolicy = { accessValidMs: 30 * 60_000, refreshValidMs: 24 * 3_600_000, nonceValidMs: 5 * 60_000, noncesKept: 16, tokensKept: 16 };

interface IssuedTokens {
  readonly access: string;
  readonly refresh: string;
  readonly issuedAt: number;
  readonly verifier: string;
}

export interface NvrOpenApiState {
  readonly nonces: readonly { readonly nonce: string; readonly issuedAt: number }[];
  readonly tokens: readonly IssuedTokens[];
}

export const emptyNvrOpenApi: NvrOpenApiState = { nonces: [], tokens: [] };

export interface NvrOpenApiContext extends OpenApiContext {
  readonly policy?: NvrOpenApiPolicy;
}

/** The token reply, as on the wire. */
export interface TokenReply {
  readonly token_type: 'bearer';
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
}

/** The fields of an `Authorization: Digest …` header that take part in the check. */
export interface DigestCredentials {
  readonly username: string;
  readonly realm: string;
  readonly nonce: string;
  readonly uri: string;
  readonly response: string;
  readonly qop?: string;
  readonly nc?: string;
  readonly cnonce?: string;
  readonly algorithm?: string;
}

export interface NvrStep<T> {
  readonly state: NvrOpenApiState;
  readonly outcome: T | Refusal;
}

export function issueNvrNonce(state: NvrOpenApiState, ctx: NvrOpenApiContext): { state: NvrOpenApiState; nonce: string; realm: string } {
  const policy = ctx.policy ?? nvrOpenApiPolicy;
  const nonce = randomHex(ctx.rng.bytes(16));
  const live = state.nonces.filter((n) => ctx.now - n.issuedAt < policy.nonceValidMs);
  return { state: { ...state, nonces: [...live, { nonce, issuedAt: ctx.now }].slice(-policy.noncesKept) }, nonce, realm: NVR_REALM };
}

/**
 * Checks a Digest answer to the token challenge: with `qop=auth` as RFC 7616 computes it, or
 * without qop as SHA256(HA1:nonce:HA2) (research §1.4). `method` is the request's (GET). A nonce
 * is used once. Refusals: `-10020` stale or unknown nonce (a new challenge follows), `-10002`
 * wrong user, realm or response, and an answer RFC 7616 does not allow for this challenge: an
 * algorithm other than SHA-256, a `uri` other than the token path, `qop` other than auth, or
 * `qop=auth` without an 8-hex-digit `nc` and a `cnonce` (a client bug a lenient server would hide).
 */
export function issueTokens(
  state: NvrOpenApiState,
  credentials: DigestCredentials,
  method: string,
  secret: DigestSecret | undefined,
  ctx: NvrOpenApiContext,
): NvrStep<TokenReply> {
  const policy = ctx.policy ?? nvrOpenApiPolicy;
  const issued = state.nonces.find((n) => n.nonce === credentials.nonce);
  const nonces = state.nonces.filter((n) => n.nonce !== credentials.nonce);
  if (!issued || ctx.now - issued.issuedAt >= policy.nonceValidMs) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_AUTH_REQUIRED', 'The nonce is unknown, used or expired: answer the new challenge.') };
  }
  if (credentials.username !== ADMIN_USER || credentials.realm !== NVR_REALM) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_UNAUTHORIZED', `Unknown user or realm: the user is "${ADMIN_USER}", the realm "${NVR_REALM}".`) };
  }
  const malformed = rfc7616Problem(credentials);
  if (malformed) return { state: { ...state, nonces }, outcome: refuse('OPENAPI_UNAUTHORIZED', malformed) };
  if (!secret) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_UNAUTHORIZED', 'This NVR cannot check an OpenAPI digest: it is not activated, or its password was set to one the emulator was never told in plain text; tell it with POST /__sim/openapi/passwords (docs/openapi.md).') };
  }
  const qop = credentials.qop === 'auth' && credentials.nc !== undefined && credentials.cnonce !== undefined ? { nc: credentials.nc, cnonce: credentials.cnonce } : undefined;
  // qop absent: the research's SHA256(HA1:nonce:HA2), which RFC 2069-style clients send.
  const expected = digestResponse({ ha1: secret.ha1, nonce: credentials.nonce, method, uri: credentials.uri, ...(qop ? { qop } : {}) });
  if (!secretsEqual(expected, credentials.response.toLowerCase())) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_UNAUTHORIZED', 'The digest response is wrong: check the user (admin) and password.') };
  }
  return grant({ ...state, nonces }, secret.verifier, ctx, policy);
}

/** A refresh token gets a new pair; the old pair is dropped (single use). */
export function refreshTokens(state: NvrOpenApiState, refreshToken: string, verifier: string | undefined, ctx: NvrOpenApiContext): NvrStep<TokenReply> {
  const policy = ctx.policy ?? nvrOpenApiPolicy;
  const found = state.tokens.find((t) => t.refresh === refreshToken);
  const tokens = state.tokens.filter((t) => t.refresh !== refreshToken);
  if (!found || ctx.now - found.issuedAt >= policy.refreshValidMs || found.verifier !== verifier || verifier === undefined) {
    return { state: { ...state, tokens }, outcome: refuse('OPENAPI_UNAUTHORIZED', 'The refresh token is unknown, used or expired, or the password changed: get a new token with Digest.') };
  }
  return grant({ ...state, tokens }, verifier, ctx, policy);
}

export function checkBearer(state: NvrOpenApiState, accessToken: string, verifier: string | undefined, ctx: { readonly now: number; readonly policy?: NvrOpenApiPolicy }): true | Refusal {
  const policy = ctx.policy ?? nvrOpenApiPolicy;
  const found = state.tokens.find((t) => t.access === accessToken);
  if (!found) return refuse('OPENAPI_UNAUTHORIZED', 'Unknown access token: get one at GET /openapi/token.');
  if (ctx.now - found.issuedAt >= policy.accessValidMs) return refuse('OPENAPI_UNAUTHORIZED', 'The access token expired: refresh it or get a new one.');
  if (found.verifier !== verifier) return refuse('OPENAPI_UNAUTHORIZED', 'The admin password changed since this token was issued: get a new one.');
  return true;
}

function grant(state: NvrOpenApiState, verifier: string, ctx: NvrOpenApiContext, policy: NvrOpenApiPolicy): NvrStep<TokenReply> {
  const access = randomHex(ctx.rng.bytes(24));
  const refresh = randomHex(ctx.rng.bytes(24));
  const live = state.tokens.filter((t) => ctx.now - t.issuedAt < policy.refreshValidMs);
  const tokens = [...live, { access, refresh, issuedAt: ctx.now, verifier }].slice(-policy.tokensKept);
  return {
    state: { ...state, tokens },
    outcome: { token_type: 'bearer', access_token: access, refresh_token: refresh, expires_in: Math.floor(policy.accessValidMs / 1000) },
  };
}

/** What is wrong with a Digest answer's form (RFC 7616 §3.4), before its response is checked. */
function rfc7616Problem(credentials: DigestCredentials): string | undefined {
  if (credentials.algorithm !== undefined && credentials.algorithm.toUpperCase() !== 'SHA-256') {
    return `The challenge is algorithm=SHA-256; the answer says algorithm=${credentials.algorithm.slice(0, 40)}.`;
  }
  if (credentials.uri.split('?', 1)[0] !== TOKEN_PATH) return `The digest uri must be the request's, ${TOKEN_PATH}; got ${JSON.stringify(credentials.uri.slice(0, 80))}.`;
  if (credentials.qop !== undefined && credentials.qop !== 'auth') return `The challenge offers qop="auth"; the answer says qop=${credentials.qop.slice(0, 40)}.`;
  if (credentials.qop === 'auth' && (credentials.nc === undefined || !/^[0-9a-fA-F]{8}$/.test(credentials.nc) || !credentials.cnonce)) {
    return 'With qop=auth the answer needs nc (8 hex digits) and a cnonce.';
  }
  return undefined;
}
