import type { AttemptCounter } from '../kernel/attempt-counter.js';
import { freshCounter } from '../kernel/attempt-counter.js';
import type { CodeChallenge } from '../cloud/reset-codes.js';
import type { DetectionType } from './camera-detection.js';

/** Who the camera is: fixed for its life (a factory reset keeps it). */
export interface CameraIdentity {
  readonly id: string;
  readonly model: string;
  readonly name: string;
  readonly mac: string;
  readonly uuid: string;
  readonly serial: string;
  readonly firmware: string;
  readonly hardware: string;
  readonly ip: string;
}

export interface StoredQuestion {
  readonly question: string;
  readonly answerDigest: string;
}

/** What the camera keeps in flash: it survives power cycles, not factory resets. */
export type CameraFlash =
  | { readonly status: 'factory-fresh' }
  | {
      readonly status: 'activated';
      /** The admin password in the vendor's MD5 form; the plain password is never kept. */
      readonly adminMd5: string;
      /** VIGI OpenAPI switched on (web UI: Settings > Network Settings > OpenAPI); off when absent. */
      readonly openapi?: boolean;
      /** Detection kinds whose OpenAPI message push (`msg_push_enabled`) is off; all on when absent. */
      readonly messagePushOff?: readonly DetectionType[];
      readonly resetEmail?: string;
      readonly questions?: readonly StoredQuestion[];
    };

export interface PendingCode extends CodeChallenge {
  readonly code: string;
}

export type ResetMethod = 'email' | 'sec_question' | 'tech_support';

export interface ResetToken {
  readonly token: string;
  readonly method: ResetMethod;
  readonly expiresAt: number;
}

/** What the camera keeps in RAM: lost when it powers off. */
export interface CameraMemory {
  readonly challenges: readonly { readonly nonce: string; readonly issuedAt: number }[];
  readonly sessions: readonly { readonly stok: string; readonly lastSeen: number }[];
  readonly login: AttemptCounter;
  /** The latest mailed (online) or app-path (offline) code; a new one replaces it. */
  readonly mailCode?: PendingCode;
  readonly supportCode?: PendingCode;
  /** Each verification method locks on its own after too many wrong guesses. */
  readonly mailCodeAttempts: AttemptCounter;
  readonly supportCodeAttempts: AttemptCounter;
  readonly answerAttempts: AttemptCounter;
  readonly resetTokens: readonly ResetToken[];
  /** When "Send Code" mails went out, for the rate limit. */
  readonly mailsSentAt: readonly number[];
}

export interface CameraState {
  readonly identity: CameraIdentity;
  readonly flash: CameraFlash;
  readonly memory: CameraMemory;
  readonly power: 'on' | 'off';
  readonly internet: boolean;
}

export const emptyMemory: CameraMemory = {
  challenges: [],
  sessions: [],
  login: freshCounter,
  mailCodeAttempts: freshCounter,
  supportCodeAttempts: freshCounter,
  answerAttempts: freshCounter,
  resetTokens: [],
  mailsSentAt: [],
};

export function newCamera(identity: CameraIdentity, flash: CameraFlash, environment: { power?: 'on' | 'off'; internet?: boolean } = {}): CameraState {
  return { identity, flash, memory: emptyMemory, power: environment.power ?? 'on', internet: environment.internet ?? true };
}
