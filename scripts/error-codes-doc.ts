import { vendorErrors } from '../devices/kernel/vendor-errors.js';

/**
 * docs/error-codes.md, made from the one catalogue (devices/kernel/vendor-errors.ts).
 * `npx tsx scripts/error-codes-doc.ts > docs/error-codes.md`; a test keeps the two in step.
 */
export function errorCodesMarkdown(): string {
  const rows = Object.values(vendorErrors)
    .slice()
    .sort((a, b) => b.code - a.code)
    .map((e) => `| ${e.code} | \`${e.name}\` | ${e.source === 'public' ? 'public' : '**ours**'} | ${e.meaning.replace(/\|/g, '\\|')} |`);
  return [
    '# Error codes',
    '',
    'Every `error_code` the emulated devices answer with. Generated from',
    '`devices/kernel/vendor-errors.ts` by `npx tsx scripts/error-codes-doc.ts`; do not edit by hand.',
    '',
    '"public" codes and names are from the VIGI NVR firmware error table',
    '(see `research/vigi-wire-facts.md` §2.2, §3.5, §4); "ours" were chosen for this emulator',
    'where no public code fits, in a range the public table leaves unused.',
    '',
    'A refusal on the device web API looks like',
    '`{"error_code": -20607, "msg": "The%20verification%20code%20is%20wrong.", "data": {...}}`:',
    '`msg` (ours) says why in words; `data` carries values such as `sec_left` or `attempts_left`.',
    '',
    '| code | name | source | meaning |',
    '|---:|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  process.stdout.write(errorCodesMarkdown());
}
