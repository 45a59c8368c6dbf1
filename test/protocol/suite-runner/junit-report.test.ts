import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import t from 'tap';
import { attr, junitReport, text } from '../../../protocol/suite-runner/junit-report.js';
import { reports } from './report-fixture.js';

/** JUnit XML: well-formed (read back by a small XML reader, and by Python's when there is one), with the right counts. */

interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.-]*';
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Character data with its references resolved; throws on a bare `&` or `<`. */
function unescape(raw: string): string {
  if (raw.includes('<')) throw new Error(`bare "<" in ${JSON.stringify(raw)}`);
  return raw.replace(/&([^;]*);|&/g, (whole, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare "&" in ${JSON.stringify(raw)}`);
    if (ref in ENTITIES) return ENTITIES[ref]!;
    const code = /^#(\d+)$/.exec(ref)?.[1] ?? (/^#x([0-9a-f]+)$/i.exec(ref) ? String(parseInt(ref.slice(2), 16)) : undefined);
    if (code === undefined) throw new Error(`unknown reference ${whole}`);
    return String.fromCodePoint(Number(code));
  });
}

/** A strict reader for the XML subset a report uses: declaration, elements, attributes, text. */
function parseXml(xml: string): Element {
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml)) throw new Error('a character XML 1.0 cannot carry');
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: Element[] = [root];
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const lt = rest.indexOf('<');
    const chars = lt === -1 ? rest : rest.slice(0, lt);
    stack.at(-1)!.text += unescape(chars);
    if (lt === -1) break;
    rest = rest.slice(lt);
    const match = tag.exec(rest);
    if (!match) throw new Error(`not a tag: ${rest.slice(0, 40)}`);
    const [whole, closing, name, attrs, selfClosing] = match;
    rest = rest.slice(whole.length);
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, key, value] of (attrs ?? '').matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
      if (key! in attributes) throw new Error(`attribute ${key} twice`);
      attributes[key!] = unescape(value!);
    }
    const element: Element = { name: name!, attributes, children: [], text: '' };
    stack.at(-1)!.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1 || root.text.trim() !== '') throw new Error('not exactly one root element');
  return root.children[0]!;
}

t.test('well-formed, with one testsuite per suite and one testcase per step', async (t) => {
  const xml = junitReport(reports);
  t.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  const root = parseXml(xml);
  t.match(root, { name: 'testsuites', attributes: { name: 'vigi-sim', tests: '5', failures: '2', errors: '0', skipped: '1', time: '1.522' } });
  t.same(root.children.map((s) => [s.name, s.attributes.name, s.attributes.tests, s.attributes.failures, s.attributes.skipped]), [
    ['testsuite', 'Security Manager, email', '3', '1', '1'],
    ['testsuite', 'Faults # 2 <&>', '2', '1', '0'],
  ]);
  t.equal(root.children[0]!.attributes.file, 'scenarios/suites/x.yaml');
  const [first, second] = root.children;
  t.same(first!.children.map((c) => [c.attributes.name, c.attributes.classname, c.attributes.time, c.children.map((x) => x.name)]), [
    ['Send Code', 'Security Manager, email', '0.012', []],
    ['Enter the verification code', 'Security Manager, email', '0.007', ['failure']],
    ['Enter the new password', 'Security Manager, email', '0.000', ['skipped']],
  ]);
  const failure = first!.children[1]!.children[0]!;
  t.equal(failure.attributes.message, 'error_code: expected 0, got -20607 (The verification code is wrong.)');
  t.match(failure.text, /^error_code: expected 0, got -20607.*\nexpected: \{\n {2}"error_code": 0\n\}\nactual: \{\n {2}"error_code": -20607,/s);
  t.match(failure.text, /\nlocation: scenarios\/suites\/x\.yaml:30:7$/);
  t.equal(first!.children[2]!.children[0]!.attributes.message, 'previous step failed');
  t.equal(second!.children[0]!.attributes.name, 'Power "off"\nand \'on\'', 'quotes and a line break survive in an attribute');
  t.equal(second!.children[1]!.attributes.name, 'boom \\ \uFFFD', 'a control character XML cannot carry is replaced');
  t.equal(second!.children[1]!.children[0]!.text, 'socket hang up (ECONNRESET) ]]> <x/>\nlocation: y.yaml:3:7');
});

t.test('escaping', async (t) => {
  t.equal(text('a < b && c > d'), 'a &lt; b &amp;&amp; c &gt; d');
  t.equal(attr('say "hi"\n\'there\'\t&'), 'say &quot;hi&quot;&#10;&apos;there&apos;&#9;&amp;');
  t.equal(text('\uD800 lone, \uD83D\uDE00 pair'), '\uFFFD lone, \uD83D\uDE00 pair');
  t.equal(parseXml(junitReport([])).attributes.tests, '0', 'an empty run is still a document');
});

const python = '/usr/bin/python3';
t.test('an independent XML parser reads it', { skip: existsSync(python) ? false : `${python} is not installed` }, async (t) => {
  const script = 'import sys, xml.etree.ElementTree as E; r = E.fromstring(sys.stdin.buffer.read()); print(r.tag, len(r), sum(len(s) for s in r), r[1][0].get("name"))';
  const run = spawnSync(python, ['-c', script], { input: junitReport(reports), encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  t.equal(run.stdout, 'testsuites 2 5 Power "off"\nand \'on\'\n');
});
