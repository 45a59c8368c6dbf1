import type { Clock } from '../kernel/clock.js';
import type { Rng } from '../kernel/rng.js';
import type { Refusal } from '../kernel/vendor-errors.js';
import { digestHa1 } from './openapi-digest.js';
import type { PasswordBook } from './password-book.js';
import {
  CAMERA_REALM, checkStok, emptyCameraOpenApi, issueCameraChallenge, verifyDoAuth,
  type CameraOpenApiState, type DigestSecret, type OpenApiChallenge,
} from './camera-openapi.js';
import {
  ADMIN_USER, NVR_REALM, checkBearer, emptyNvrOpenApi, issueNvrNonce, issueTokens, refreshTokens,
  type DigestCredentials, type NvrOpenApiState, type TokenReply,
} from './nvr-openapi.js';

/** What OpenAPI needs of a device: who it is and what its flash holds. */
export interface OpenApiDevice {
  readonly id: string;
  readonly state: { readonly flash: { readonly status: 'factory-fresh' } | { readonly status: 'activated'; readonly adminMd5: string } };
}

/**
 * The OpenAPI sessions of every device, in RAM as on the device (lost at power-off, factory
 * reset and emulator reset): the runner of camera-openapi.ts and nvr-openapi.ts, with the
 * clock and randomness injected.
 */
export class OpenApiService {
  readonly #clock: Clock;
  readonly #rng: Rng;
  readonly #passwords: PasswordBook;
  readonly #cameras = new Map<string, CameraOpenApiState>();
  readonly #nvrs = new Map<string, NvrOpenApiState>();

  constructor(ports: { clock: Clock; rng: Rng; passwords: PasswordBook }) {
    this.#clock = ports.clock;
    this.#rng = ports.rng;
    this.#passwords = ports.passwords;
  }

  /** Forgets a device's nonces, stoks and tokens (power-off, factory reset). */
  forget(deviceId: string): void {
    this.#cameras.delete(deviceId);
    this.#nvrs.delete(deviceId);
  }

  forgetAll(): void {
    this.#cameras.clear();
    this.#nvrs.clear();
  }

  cameraChallenge(device: OpenApiDevice): OpenApiChallenge {
    const step = issueCameraChallenge(this.#camera(device.id), this.#ctx());
    this.#cameras.set(device.id, step.state);
    return step.challenge;
  }

  doAuth(device: OpenApiDevice, params: { nonce: string; response: string }): { stok: string } | Refusal {
    const step = verifyDoAuth(this.#camera(device.id), params, this.#secret(device, CAMERA_REALM), this.#ctx());
    this.#cameras.set(device.id, step.state);
    return step.outcome;
  }

  checkStok(device: OpenApiDevice, stok: string): true | Refusal {
    return checkStok(this.#camera(device.id), stok, verifierOf(device), { now: this.#clock.now() });
  }

  nvrChallenge(device: OpenApiDevice): { realm: string; nonce: string } {
    const step = issueNvrNonce(this.#nvr(device.id), this.#ctx());
    this.#nvrs.set(device.id, step.state);
    return { realm: step.realm, nonce: step.nonce };
  }

  issueTokens(device: OpenApiDevice, credentials: DigestCredentials, method: string): TokenReply | Refusal {
    const step = issueTokens(this.#nvr(device.id), credentials, method, this.#secret(device, NVR_REALM), this.#ctx());
    this.#nvrs.set(device.id, step.state);
    return step.outcome;
  }

  refreshTokens(device: OpenApiDevice, refreshToken: string): TokenReply | Refusal {
    const step = refreshTokens(this.#nvr(device.id), refreshToken, verifierOf(device), this.#ctx());
    this.#nvrs.set(device.id, step.state);
    return step.outcome;
  }

  checkBearer(device: OpenApiDevice, accessToken: string): true | Refusal {
    return checkBearer(this.#nvr(device.id), accessToken, verifierOf(device), { now: this.#clock.now() });
  }

  #ctx() {
    return { now: this.#clock.now(), rng: this.#rng };
  }

  #camera(id: string): CameraOpenApiState {
    return this.#cameras.get(id) ?? emptyCameraOpenApi;
  }

  #nvr(id: string): NvrOpenApiState {
    return this.#nvrs.get(id) ?? emptyNvrOpenApi;
  }

  /** HA1 for the realm, from the plain password whose MD5 form the device stores, if known. */
  #secret(device: OpenApiDevice, realm: string): DigestSecret | undefined {
    const verifier = verifierOf(device);
    const plain = verifier !== undefined ? this.#passwords.plainFor(verifier) : undefined;
    return verifier !== undefined && plain !== undefined ? { ha1: digestHa1(ADMIN_USER, realm, plain), verifier } : undefined;
  }
}

function verifierOf(device: OpenApiDevice): string | undefined {
  const { flash } = device.state;
  return flash.status === 'activated' ? flash.adminMd5 : undefined;
}
