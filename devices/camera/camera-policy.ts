/**
 * The camera's numbers. Public where a source gives them (research/vigi-wire-facts.md §1.3:
 * `max_time` 5 on cameras, 10 on NVRs; support QR valid five minutes per the vendor article);
 * the rest are ours, chosen to be what a user of a real device would find plausible, and listed
 * in docs/protocol.md.
 */
export const cameraPolicy = {
  /** Failed logins before the lock (`max_time`, public for cameras). */
  loginMaxFailures: 5,
  /** How long a login lock lasts (ours). */
  loginLockMs: 30 * 60_000,
  /** A challenge nonce is good for one login, within this time (ours). */
  challengeValidMs: 5 * 60_000,
  /** Outstanding challenges remembered per device; older ones become stale (ours). */
  challengesKept: 16,
  /** A session dies after this long without a request (ours). */
  sessionIdleMs: 30 * 60_000,
  sessionsKept: 32,
  /** Mailed codes and app-path QR codes (ours). */
  emailCodeValidMs: 10 * 60_000,
  /** Technical-support QR codes: five minutes (vendor article). */
  supportQrValidMs: 5 * 60_000,
  /** Reset token from a passed verification (ours). */
  resetTokenValidMs: 10 * 60_000,
  /** Wrong codes or answers before that method locks, and for how long (ours). */
  verifyMaxFailures: 5,
  verifyLockMs: 30 * 60_000,
  /** At most this many "Send Code" mails per window (ours). */
  mailsPerWindow: 5,
  mailWindowMs: 10 * 60_000,
} as const;

export type CameraPolicy = typeof cameraPolicy;
