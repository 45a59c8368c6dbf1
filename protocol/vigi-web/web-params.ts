import { refuse, type Refusal } from '../../devices/kernel/vendor-errors.js';

/**
 * Reading parameters out of a decoded request body: a missing or wrongly typed field becomes
 * a refusal naming the field, never an exception.
 */
export type Params = Record<string, unknown>;

export function asParams(value: unknown, where: string): Params | Refusal {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Params;
  return refuse('INVALID_ARGUMENT', `${where} must be an object.`);
}

export function requiredString(params: Params, field: string): string | Refusal {
  const value = params[field];
  if (value === undefined || value === null) return refuse('MISSING_ARGUMENT', `"${field}" is missing.`);
  if (typeof value !== 'string') return refuse('INVALID_ARGUMENT', `"${field}" must be a string, not ${Array.isArray(value) ? 'an array' : typeof value}.`);
  return value;
}

/** An optional string; an empty string counts as absent, as web forms send "" for blank fields. */
export function optionalString(params: Params, field: string): string | undefined | Refusal {
  const value = params[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return refuse('INVALID_ARGUMENT', `"${field}" must be a string, not ${typeof value}.`);
  return value;
}

/** `encrypt_type` "2" (RSA envelope) is the only kind these actions take. */
export function requireEnvelopeType(params: Params): Refusal | undefined {
  const type = params.encrypt_type;
  if (type === undefined || type === '2') return undefined;
  return refuse('INVALID_ARGUMENT', `"encrypt_type" must be "2" (RSA envelope) here, not ${JSON.stringify(type)}.`);
}
