import { scenarioSchema } from '../scenarios/scenario-schema.js';

/**
 * scenarios/scenario.schema.json, the published JSON Schema of scenario files, made from
 * scenarios/scenario-schema.ts. Editors find it through the first line of each YAML scenario
 * (`# yaml-language-server: $schema=./scenario.schema.json`) or a JSON file's "$schema".
 * `npx tsx scripts/scenario-schema-json.ts > scenarios/scenario.schema.json`; a test keeps the two in step.
 */
export function scenarioSchemaJson(): string {
  return `${JSON.stringify(scenarioSchema, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  process.stdout.write(scenarioSchemaJson());
}
