import type { OutgoingMail } from './mailer.js';

/** What a step asks its runner to do: data, carried out through ports (Mailer, EventSink). */
export type DeviceEffect =
  | { readonly type: 'send-mail'; readonly mail: OutgoingMail }
  | { readonly type: 'emit'; readonly event: { readonly type: string; readonly [detail: string]: unknown } };

export function emit(type: string, details: Record<string, unknown> = {}): DeviceEffect {
  return { type: 'emit', event: { type, ...details } };
}

export const done = Object.freeze({}) as Record<string, never>;
