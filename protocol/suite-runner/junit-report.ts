import { tally, type SuiteReport } from './step-result.js';

/**
 * JUnit XML for CI dashboards: `<testsuites>` with one `<testsuite>` per suite and one
 * `<testcase>` per step (`classname` the suite), a `<failure>` with the message, expected,
 * actual and location, and `<skipped>` for steps that did not run. Times in seconds.
 */
export function junitReport(reports: readonly SuiteReport[], name = 'vigi-sim'): string {
  const all = tally(reports);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const totalMs = reports.reduce((sum, report) => sum + report.results.reduce((s, r) => s + r.durationMs, 0), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${all.total}" failures="${all.failed}" errors="0" skipped="${all.skipped}" time="${seconds(totalMs)}">`,
  ];
  for (const report of reports) {
    const counts = tally([report]);
    const ms = report.results.reduce((sum, result) => sum + result.durationMs, 0);
    const file = report.file !== undefined ? ` file="${attr(report.file)}"` : '';
    lines.push(`  <testsuite name="${attr(report.suite)}" tests="${counts.total}" failures="${counts.failed}" errors="0" skipped="${counts.skipped}" time="${seconds(ms)}"${file}>`);
    for (const result of report.results) {
      const open = `    <testcase name="${attr(result.name)}" classname="${attr(report.suite)}" time="${seconds(result.durationMs)}"`;
      if (result.skip !== undefined) {
        lines.push(`${open}>`, `      <skipped message="${attr(result.skip)}"/>`, '    </testcase>');
      } else if (result.ok) {
        lines.push(`${open}/>`);
      } else {
        const details = [
          result.message ?? 'failed',
          ...(result.expected !== undefined ? [`expected: ${JSON.stringify(result.expected, null, 2)}`] : []),
          ...(result.actual !== undefined ? [`actual: ${JSON.stringify(result.actual, null, 2)}`] : []),
          ...(result.location !== undefined ? [`location: ${result.location}`] : []),
        ].join('\n');
        lines.push(`${open}>`, `      <failure message="${attr(result.message ?? 'failed')}" type="AssertionError">${text(details)}</failure>`, '    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

// Characters XML 1.0 cannot carry at all (control characters other than tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Element content: `&`, `<`, `>` escaped, characters XML cannot carry replaced. */
export function text(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A double-quoted attribute value: also `"`, `'`, and line breaks and tabs kept as character references. */
export function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
