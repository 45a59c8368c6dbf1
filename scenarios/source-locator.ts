import { isAlias, isCollection, isMap, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';

/** Where a value sits in the parsed data: keys of mappings and indexes of lists. */
export type ValuePath = readonly (string | number)[];

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps a path in the parsed value back to the text it came from, so every problem can say
 * file:line:column. A path that does not exist in the text (a missing key, a key brought in
 * by a YAML merge) resolves to the nearest node that does.
 */
export interface SourceLocator {
  /** Position of the value at `path`; with part 'key', of the key that names it. */
  at(path: ValuePath, part?: 'key' | 'value'): SourcePosition;
  /** The value's text as written (e.g. `1.0` for a number read as 1), when it is a scalar. */
  source(path: ValuePath): string | undefined;
}

const START: SourcePosition = { line: 1, column: 1 };

/** For values that come from no text (a plain object, or a fallback): everything is at 1:1. */
export const startOfFile: SourceLocator = { at: () => START, source: () => undefined };

interface Step {
  node: Node | null;
  pair?: Pair;
}

export class YamlSourceLocator implements SourceLocator {
  readonly #doc: Document;
  readonly #lines: LineCounter;

  constructor(doc: Document, lines: LineCounter) {
    this.#doc = doc;
    this.#lines = lines;
  }

  at(path: ValuePath, part: 'key' | 'value' = 'value'): SourcePosition {
    const steps = this.#walk(path);
    const last = steps[steps.length - 1];
    const found = steps.length === path.length + 1;
    if (found && last?.pair && (part === 'key' || isEmpty(last.node))) return this.#position(last.pair.key as Node);
    // Not found, or found without a usable node: the deepest node that exists.
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i];
      if (step?.node && !isEmpty(step.node)) return this.#position(step.node);
      if (step?.pair) return this.#position(step.pair.key as Node);
    }
    return START;
  }

  source(path: ValuePath): string | undefined {
    const steps = this.#walk(path);
    const node = steps.length === path.length + 1 ? steps[steps.length - 1]?.node : undefined;
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  }

  /** The nodes along `path`, starting with the document's root; shorter when the path leaves the text. */
  #walk(path: ValuePath): Step[] {
    const steps: Step[] = [{ node: this.#doc.contents as Node | null }];
    for (const segment of path) {
      let node = steps[steps.length - 1]?.node ?? null;
      if (isAlias(node)) node = (node.resolve(this.#doc) as Node | undefined) ?? null;
      let next: Step | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair) next = { node: (pair.value as Node | null) ?? null, pair: pair as Pair };
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item) next = { node: item };
      }
      if (!next) break;
      steps.push(next);
    }
    return steps;
  }

  #position(node: Node): SourcePosition {
    const offset = node.range?.[0];
    if (offset === undefined) return START;
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }
}

/** A key written with no value (`password:`): its node is empty, so point at the key instead. */
function isEmpty(node: Node | null): boolean {
  if (!node) return true;
  if (isCollection(node)) return false;
  const range = node.range;
  return !range || range[0] === range[1];
}
