import type { MailMessage } from './mailbox.js';

/**
 * A string matches exactly (`to`/`from`: any one address, case-insensitive; `subject`: whole
 * subject); a RegExp is searched in the whole field.
 */
export interface MailFilter {
  readonly to?: string | RegExp;
  readonly from?: string | RegExp;
  readonly subject?: string | RegExp;
}

export function matchesFilter(mail: Pick<MailMessage, 'to' | 'from' | 'subject'>, filter: MailFilter): boolean {
  return matchAddress(mail.to, filter.to) && matchAddress(mail.from, filter.from)
    && matchText(mail.subject, filter.subject);
}

function matchAddress(field: string, want: string | RegExp | undefined): boolean {
  if (want === undefined || want instanceof RegExp) return matchText(field, want);
  const needle = want.trim().toLowerCase();
  return field.split(',').some((address) => address.trim().toLowerCase() === needle);
}

function matchText(field: string, want: string | RegExp | undefined): boolean {
  if (want === undefined) return true;
  // String#search ignores a /g regexp's lastIndex, so a shared RegExp cannot flip results.
  return typeof want === 'string' ? field === want : field.search(want) !== -1;
}

export function describeFilter(filter: MailFilter): string {
  const parts = Object.entries(filter).map(([key, value]) => `${key}=${String(value)}`);
  return parts.length > 0 ? `{ ${parts.join(', ')} }` : 'any filter';
}
