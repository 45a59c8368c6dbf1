import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { scenarioSchema } from './scenario-schema.js';

// The two formats the schema uses, with the regular expressions of ajv-formats ("fast" mode),
// so the published schema means the same in editors as here.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

let compiled: ValidateFunction | undefined;

/** Every way `value` breaks the scenario schema (empty when none). Compiled once, on first use. */
export function schemaErrors(value: unknown): ErrorObject[] {
  if (!compiled) {
    // verbose: errors carry the failing value and schema, which the messages quote.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    ajv.addFormat('email', EMAIL);
    ajv.addFormat('ipv4', IPV4);
    compiled = ajv.compile(scenarioSchema);
  }
  return compiled(value) ? [] : [...(compiled.errors ?? [])];
}
