import t from 'tap';
import { readFileSync } from 'node:fs';
import { errorCodesMarkdown } from '../../scripts/error-codes-doc.js';
import { vendorErrors } from '../../devices/kernel/vendor-errors.js';

t.test('docs/error-codes.md is what the catalogue generates', async (t) => {
  const onDisk = readFileSync(new URL('../../docs/error-codes.md', import.meta.url), 'utf8');
  t.equal(onDisk, errorCodesMarkdown(), 'regenerate with: npx tsx scripts/error-codes-doc.ts > docs/error-codes.md');
});

t.test('codes are unique and names say where they come from', async (t) => {
  const codes = Object.values(vendorErrors).map((e) => e.code);
  t.equal(new Set(codes).size, codes.length);
  for (const entry of Object.values(vendorErrors)) t.match(entry.name, /^E[A-Z_]+$/, entry.name);
});
