import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The path of a file shipped with the project (package.json, scenarios/, console/...). This
 * module runs from protocol/ in the sources and from dist/<fingerprint>/protocol/ once compiled
 * (bin/compiled-sources.js), so the project's root is the first folder up that holds package.json.
 */
const root = [new URL('../', import.meta.url), new URL('../../../', import.meta.url)]
  .find((dir) => existsSync(new URL('package.json', dir)) && !existsSync(new URL('protocol/project-files.js', dir))) ?? new URL('../', import.meta.url);

export function projectFile(relative: string): string {
  return fileURLToPath(new URL(relative, root));
}
