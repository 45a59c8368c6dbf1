import type { Rng } from '../kernel/rng.js';
import { refuse, type Refusal } from '../kernel/vendor-errors.js';
import { secretsEqual } from '../credentials/secret-compare.js';
import { digestResponse, randomHex } from './openapi-digest.js';

/**
 * The camera side of VIGI OpenAPI (research/vigi-wire-facts.md §1.4, public): `doAuth` with
 * params null answers a challenge (`errCode -10020`, `authenticate {realm "TP-LINK IP-Camera",
 * nonce, algorithm "SHA-256", uri "doAuth", method "POST"}`); `doAuth {nonce, response}` with
 * response = SHA256(HA1:nonce:SHA256("POST:doAuth")) answers a `stok`, valid 30 minutes; an
 * unknown or expired stok is `-10002`. Pure: time and randomness come in through the context.
 * Nonce format, lifetime and single use, and the stok format are ours.
 */
export const CAMERA_REALM = 'TP-LINK IP-Camera';
export const DO_AUTH_URI = 'doAuth';
export const DO_AUTH_METHOD = 'POST';

export interface OpenApiChallenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: 'SHA-256';
  readonly uri: string;
  readonly method: string;
}

export interface CameraOpenApiPolicy {
  /** Public: 30 minutes. */
  readonly stokValidMs: number;
  /** Ours. */
  readonly nonceValidMs: number;
  readonly noncesKept: number;
  readonly stoksKept: number;
}

export const cameraOpenApiPolicy: CameraOpenApiPolicy = { stokValidMs: 30 * 60_000, nonceValidMs: 5 * 60_000, noncesKept: 16, stoksKept: 16 };

export interface CameraOpenApiState {
  readonly nonces: readonly { readonly nonce: string; readonly issuedAt: number }[];
  /** `verifier`: the admin MD5 form at login; a password change kills the stok. */
  readonly stoks: readonly { readonly stok: string; readonly issuedAt: number; readonly verifier: string }[];
}

export const emptyCameraOpenApi: CameraOpenApiState = { nonces: [], stoks: [] };

export interface OpenApiContext {
  readonly now: number;
  readonly rng: Rng;
}

export interface CameraOpenApiContext extends OpenApiContext {
  readonly policy?: CameraOpenApiPolicy;
}

export interface CameraStep<T> {
  readonly state: CameraOpenApiState;
  readonly outcome: T | Refusal;
}

/** What the device can verify a digest with: HA1 for its realm, and the verifier it belongs to. */
export interface DigestSecret {
  readonly ha1: string;
  readonly verifier: string;
}

export function issueCameraChallenge(state: CameraOpenApiState, ctx: CameraOpenApiContext): { state: CameraOpenApiState; challenge: OpenApiChallenge } {
  const policy = ctx.policy ?? cameraOpenApiPolicy;
  const nonce = randomHex(ctx.rng.bytes(16));
  const live = state.nonces.filter((n) => ctx.now - n.issuedAt < policy.nonceValidMs);
  const nonces = [...live, { nonce, issuedAt: ctx.now }].slice(-policy.noncesKept);
  return { state: { ...state, nonces }, challenge: { realm: CAMERA_REALM, nonce, algorithm: 'SHA-256', uri: DO_AUTH_URI, method: DO_AUTH_METHOD } };
}

/**
 * Step 2 of doAuth. A nonce is good once: a stale or unknown one is `-10020` (the caller
 * answers a fresh challenge with it); a wrong digest, or no secret to check it with, `-10002`.
 */
export function verifyDoAuth(
  state: CameraOpenApiState,
  params: { readonly nonce: string; readonly response: string },
  secret: DigestSecret | undefined,
  ctx: CameraOpenApiContext,
): CameraStep<{ stok: string }> {
  const policy = ctx.policy ?? cameraOpenApiPolicy;
  const issued = state.nonces.find((n) => n.nonce === params.nonce);
  const nonces = state.nonces.filter((n) => n.nonce !== params.nonce);
  if (!issued || ctx.now - issued.issuedAt >= policy.nonceValidMs) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_AUTH_REQUIRED', 'The nonce is unknown, used or expired: send doAuth with params null for a new challenge.') };
  }
  if (!secret) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_UNAUTHORIZED', 'This device cannot check an OpenAPI digest: it is not activated, or its password was set to one the emulator was never told in plain text; tell it with POST /__sim/openapi/passwords (docs/openapi.md).') };
  }
  const expected = digestResponse({ ha1: secret.ha1, nonce: params.nonce, method: DO_AUTH_METHOD, uri: DO_AUTH_URI });
  if (!secretsEqual(expected, params.response.toLowerCase())) {
    return { state: { ...state, nonces }, outcome: refuse('OPENAPI_UNAUTHORIZED', 'The digest response is wrong: check the user (admin) and password.') };
  }
  const stok = randomHex(ctx.rng.bytes(16));
  const live = state.stoks.filter((s) => ctx.now - s.issuedAt < policy.stokValidMs);
  const stoks = [...live, { stok, issuedAt: ctx.now, verifier: secret.verifier }].slice(-policy.stoksKept);
  return { state: { nonces, stoks }, outcome: { stok } };
}

/** Whether a stok is good now: issued, under 30 minutes old, and from the current password. */
export function checkStok(state: CameraOpenApiState, stok: string, verifier: string | undefined, ctx: { readonly now: number; readonly policy?: CameraOpenApiPolicy }): true | Refusal {
  const policy = ctx.policy ?? cameraOpenApiPolicy;
  const session = state.stoks.find((s) => s.stok === stok);
  if (!session) return refuse('OPENAPI_UNAUTHORIZED', 'Unknown stok: log in with doAuth.');
  if (ctx.now - session.issuedAt >= policy.stokValidMs) return refuse('OPENAPI_UNAUTHORIZED', 'The stok expired (a stok lives 30 minutes): log in again with doAuth.');
  if (session.verifier !== verifier) return refuse('OPENAPI_UNAUTHORIZED', 'The admin password changed since this stok was issued: log in again with doAuth.');
  return true;
}
