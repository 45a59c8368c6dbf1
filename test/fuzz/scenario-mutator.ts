import { readdirSync, readFileSync } from 'node:fs';
import { FuzzRandom, ALNUM, PRINTABLE, UNICODE } from './fuzz-random.js';

/**
 * Seeded mutations of the shipped scenario files (quickstart, examples, suites) for fuzzing the
 * scenario loader: lines deleted, duplicated, swapped, re-indented; values of other types; huge
 * numbers; random bytes; deep nesting; YAML anchors, aliases and alias bombs kept within a bounded
 * text size; JSON damage for .json files. Case `index` of `seed` is a pure function of both.
 */
export interface ScenarioSeed {
  readonly name: string;
  readonly text: string;
}

export interface MutatedScenario {
  readonly index: number;
  readonly seed: string;
  /** The name the loader is given (its extension picks YAML or strict JSON). */
  readonly fileName: string;
  readonly text: string;
  readonly mutations: readonly string[];
}

export function scenarioSeeds(): ScenarioSeed[] {
  const root = new URL('../../scenarios/', import.meta.url);
  const read = (relative: string) => ({ name: relative, text: readFileSync(new URL(relative, root), 'utf8') });
  const inDir = (dir: string) => readdirSync(new URL(dir, root)).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().map((f) => read(`${dir}${f}`));
  return [read('quickstart.yaml'), ...inDir('examples/'), ...inDir('suites/')];
}

const SCALARS = [
  '0', '-1', '1.5', '1e309', '-1e309', '99999999999999999999999999', '0x1F', '0o17', '1_000', '.inf', '-.inf', '.nan', 'true', 'false', 'null', '~', "''", '""',
  '[]', '{}', '[1, 2]', '{a: 1}', '[[[[]]]]', 'yes', 'no', 'on', '2024-01-01', '2024-01-01T00:00:00Z', '!!binary aGVsbG8=', '!!js/function "x"', '!!python/object:os.system x',
  '!!int abc', '!!float x', '!!str 1', '!!map x', '!!seq x', '!custom x', '&anchor x', '*nowhere', '*anchor', '|', '>', '|-\n  text', '"unterminated', "'single",
  '"\\u0000"', '"\\ud800"', '30s', '-5m', '1h1h', '99999999999999999999d', '0ms', '1m30s', '5 m', 'power-off', '__proto__', 'constructor', '127.77.0.1', '40-AE-30-00-00-01',
  '%', '@', '`x`', '? complex', '- item', 'a: b: c', '{a: [1, {b: 2}]}', '!!set {a, b}', '!!omap [a: 1]', '<<', '=',
];

const KEYS = ['version', 'name', 'seed', 'devices', 'id', 'kind', 'model', 'password', 'resetEmail', 'securityQuestions', 'channels', 'camera', 'timeline', 'at', 'after', 'fault', 'for', 'suite', 'lan', 'ports', 'mac', 'internet', 'activated', '__proto__', 'constructor', '<<', 'prototype'];

type Mutation = (r: FuzzRandom, lines: string[]) => string;

function valueLines(lines: string[]): number[] {
  return lines.flatMap((line, i) => (/^\s*(?:- )?[\w<$]+:\s*\S/.test(line) ? [i] : []));
}

const MUTATIONS: readonly (readonly [number, string, Mutation])[] = [
  [8, 'delete-line', (r, lines) => { lines.splice(r.int(lines.length), 1); return ''; }],
  [6, 'duplicate-line', (r, lines) => { const i = r.int(lines.length); lines.splice(i, 0, lines[i] ?? ''); return ''; }],
  [6, 'swap-lines', (r, lines) => { const [a, b] = [r.int(lines.length), r.int(lines.length)]; [lines[a], lines[b]] = [lines[b] ?? '', lines[a] ?? '']; return ''; }],
  [5, 'reindent', (r, lines) => { const i = r.int(lines.length); lines[i] = r.chance(0.5) ? `${' '.repeat(r.pick([1, 2, 3, 8]))}${lines[i]}` : (lines[i] ?? '').replace(/^ {1,2}/, ''); return ''; }],
  [2, 'tab-indent', (r, lines) => { const i = r.int(lines.length); lines[i] = (lines[i] ?? '').replace(/^ +/, '\t'); return ''; }],
  [20, 'value-type', (r, lines) => {
    const candidates = valueLines(lines);
    if (!candidates.length) return '';
    const i = r.pick(candidates);
    lines[i] = (lines[i] ?? '').replace(/:\s*\S.*$/, `: ${r.pick(SCALARS)}`);
    return `line ${i + 1}`;
  }],
  [4, 'huge-value', (r, lines) => {
    const candidates = valueLines(lines);
    if (!candidates.length) return '';
    const i = r.pick(candidates);
    lines[i] = (lines[i] ?? '').replace(/:\s*\S.*$/, `: ${r.pick(['9'.repeat(400), `"${'x'.repeat(20_000)}"`, r.string(2000, ALNUM), `[${Array.from({ length: 2000 }, (_, k) => k).join(', ')}]`])}`);
    return `line ${i + 1}`;
  }],
  [6, 'rename-key', (r, lines) => {
    const candidates = valueLines(lines);
    if (!candidates.length) return '';
    const i = r.pick(candidates);
    lines[i] = (lines[i] ?? '').replace(/[\w<$]+:/, `${r.pick([...KEYS, `${r.pick(KEYS)}x`, r.string(6, ALNUM)])}:`);
    return `line ${i + 1}`;
  }],
  [4, 'insert-key', (r, lines) => {
    const i = r.int(lines.length);
    const indent = /^\s*(?:- )?/.exec(lines[i] ?? '')?.[0].replace('-', ' ') ?? '';
    lines.splice(i, 0, `${indent}${r.pick(KEYS)}: ${r.pick(SCALARS)}`);
    return '';
  }],
  [4, 'unicode', (r, lines) => { const i = r.int(lines.length); const at = r.int((lines[i] ?? '').length + 1); lines[i] = `${(lines[i] ?? '').slice(0, at)}${r.string(r.between(1, 6), UNICODE)}${(lines[i] ?? '').slice(at)}`; return ''; }],
  [3, 'random-bytes', (r, lines) => { const i = r.int(lines.length); lines.splice(i, 0, r.bytes(r.between(1, 200)).toString('latin1')); return ''; }],
  [3, 'printable-noise', (r, lines) => { const i = r.int(lines.length); const at = r.int((lines[i] ?? '').length + 1); lines[i] = `${(lines[i] ?? '').slice(0, at)}${r.string(r.between(1, 10), PRINTABLE)}${(lines[i] ?? '').slice(at)}`; return ''; }],
  [3, 'anchor-alias', (r, lines) => {
    const candidates = valueLines(lines);
    if (candidates.length < 2) return '';
    const [a, b] = [r.pick(candidates), r.pick(candidates)];
    lines[a] = (lines[a] ?? '').replace(/:\s*/, ': &a ');
    lines[b] = (lines[b] ?? '').replace(/:\s*\S.*$/, r.pick([': *a', ': *b', ': { <<: *a }', ': [*a, *a, *a]']));
    return '';
  }],
  [2, 'alias-bomb', (_r, lines) => {
    // "Billion laughs", small in text: each level aliases the one below nine times.
    const levels = ['x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let k = 1; k < 9; k++) levels.push(`x${k}: &x${k} [${Array.from({ length: 9 }, () => `*x${k - 1}`).join(', ')}]`);
    lines.splice(Math.max(0, lines.findIndex((l) => l.startsWith('devices:'))), 0, ...levels);
    return '';
  }],
  [2, 'merge-bomb', (r, lines) => { lines.push(`x: &m { a: 1 }`, ...Array.from({ length: r.pick([10, 200]) }, (_, k) => `m${k}: { <<: [*m, *m, *m] }`)); return ''; }],
  [2, 'proto-merge', (_r, lines) => { lines.push('evil: &evil { __proto__: { polluted: yes }, constructor: { prototype: { polluted: yes } } }', 'devices2: { <<: *evil }'); return ''; }],
  [2, 'deep-flow', (r, lines) => { const n = r.pick([50, 500, 3000, 10_000]); lines.push(`deep: ${'['.repeat(n)}${']'.repeat(n)}`); return `depth ${n}`; }],
  [2, 'deep-block', (r, lines) => { const n = r.pick([50, 300, 600]); lines.push(...Array.from({ length: n }, (_, k) => `${' '.repeat(k)}k${k}:`)); return `depth ${n}`; }],
  [1, 'deep-devices', (r, lines) => { const n = r.pick([100, 2000]); lines.push(`devices: ${'['.repeat(n)}{id: x, kind: camera}${']'.repeat(n)}`); return ''; }],
  [2, 'second-document', (r, lines) => { lines.push('---', r.pick(['version: 1', 'x', '...', '--- !!map'])); return ''; }],
  [2, 'directive', (_r, lines) => { lines.unshift('%YAML 1.1', '%TAG ! tag:example.test,2024:', '---'); return ''; }],
  [2, 'line-endings', (r, lines) => { const sep = r.pick(['\r\n', '\r']); const joined = lines.join(sep); lines.length = 0; lines.push(joined); return JSON.stringify(sep); }],
  [2, 'bom-nul', (r, lines) => { if (r.chance(0.5)) lines[0] = `\ufeff${lines[0] ?? ''}`; else lines.splice(r.int(lines.length), 0, '\u0000'); return ''; }],
  [1, 'many-devices', (r, lines) => { lines.push(...Array.from({ length: r.pick([200, 1000]) }, (_, k) => `  - { id: c${k}, kind: camera, password: "Vigi#Admin1" }`)); return ''; }],
  [2, 'json-damage', (r, lines) => {
    const text = lines.join('\n');
    const damaged = r.pick([text.replace(/}\s*$/, ',}'), text.replace(/"/, "'"), `// comment\n${text}`, text.replace(/: /, ': NaN, "x": '), text.replace(/"version"/, '"version": 1, "version"')]);
    lines.length = 0;
    lines.push(damaged);
    return '';
  }],
];

export function mutateScenario(seed: string, index: number, seeds: readonly ScenarioSeed[]): MutatedScenario {
  const r = new FuzzRandom(`scenario/${seed}/${index}`);
  const base = r.pick(seeds);
  const whole = r.weighted<string>([[90, 'mutate'], [3, 'random-bytes'], [2, 'empty'], [2, 'truncate'], [3, 'random-text']]);
  let text: string;
  const mutations: string[] = [];
  if (whole === 'random-bytes') {
    text = r.bytes(r.pick([1, 16, 1000, 20_000])).toString(r.chance(0.5) ? 'latin1' : 'utf8');
    mutations.push('random bytes');
  } else if (whole === 'empty') {
    text = r.pick(['', ' ', '\n', '# only a comment\n', '---\n', '...\n', '\ufeff']);
    mutations.push('empty');
  } else if (whole === 'truncate') {
    text = base.text.slice(0, r.int(base.text.length));
    mutations.push('truncate');
  } else if (whole === 'random-text') {
    text = r.string(r.pick([10, 500, 5000]), `${PRINTABLE}\n\n\n    `);
    mutations.push('random text');
  } else {
    const lines = base.text.split('\n');
    for (let k = r.between(1, 4); k > 0; k--) {
      const [, name, mutate] = r.weighted(MUTATIONS.map((m) => [m[0], m] as const));
      const note = mutate(r, lines);
      mutations.push(note ? `${name} (${note})` : name);
    }
    text = lines.join('\n');
  }
  // The loader is also given names that disagree with the content: YAML text as .json, JSON as .yaml.
  const ext = base.name.endsWith('.json') ? r.weighted([[8, '.json'], [2, '.yaml']]) : r.weighted([[8, '.yaml'], [1, '.yml'], [1, '.json']]);
  return { index, seed: base.name, fileName: `fuzz-${index}${ext}`, text, mutations };
}
