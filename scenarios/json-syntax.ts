/**
 * Finds the first syntax error of a JSON text and where it is. JSON.parse says where only for
 * some errors, and in wording that changes between Node versions; the YAML parser accepts
 * what JSON does not (comments, trailing commas), so a `.json` file gets this strict check.
 */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

const MAX_DEPTH = 512;

class Stop extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let at = 0;
  const fail = (message: string, offset = at): never => {
    throw new Stop(offset, message);
  };
  const found = (): string => (at >= text.length ? 'the end of the file' : `"${text[at]}"`);
  const space = (): void => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at++;
  };
  const expect = (char: string, what: string): void => {
    space();
    if (text[at] !== char) fail(`expected ${what}, found ${found()}`);
    at++;
  };

  const string = (): void => {
    const start = at++;
    while (at < text.length && text[at] !== '"') {
      const code = text.charCodeAt(at);
      if (code < 0x20) fail('a string cannot contain a line break or control character (write \\n)');
      if (text[at] === '\\') {
        at++;
        if (text[at] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 1, at + 5))) fail('bad \\u escape: four hex digits expected', at - 1);
          at += 4;
        } else if (!'"\\/bfnrt'.includes(text[at] ?? 'x')) fail(`bad escape "\\${text[at] ?? ''}" in a string`, at - 1);
      }
      at++;
    }
    if (at >= text.length) fail('this string is never closed (missing ")', start);
    at++;
  };

  const value = (depth: number): void => {
    space();
    if (depth > MAX_DEPTH) fail('nested too deeply');
    const char = text[at];
    if (char === '{') return container('}', () => {
      space();
      if (text[at] !== '"') fail(text[at] === '}' ? 'trailing comma before "}"' : `expected a key in double quotes, found ${found()}`);
      string();
      expect(':', '":" after the key');
      value(depth + 1);
    });
    if (char === '[') return container(']', () => value(depth + 1));
    if (char === '"') return string();
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 400));
    if (!word || /[\w.+-]/.test(text[at + word[0].length] ?? '')) {
      const written = /^[^\s,:[\]{}"]+/.exec(text.slice(at, at + 40))?.[0];
      fail(char === undefined ? 'a value is missing at the end of the file' : `expected a value, found ${written ? `"${written}"` : found()}`);
    }
    at += (word as RegExpExecArray)[0].length;
    return undefined;
  };

  const container = (close: string, member: () => void): void => {
    at++;
    space();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      member();
      space();
      if (text[at] === close) break;
      if (text[at] !== ',') fail(`expected "," or "${close}", found ${found()}`);
      at++;
      space();
      if (close === ']' && text[at] === ']') fail('trailing comma before "]"');
    }
    at++;
  };

  try {
    value(0);
    space();
    if (at < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (error instanceof Stop) return { offset: error.offset, message: error.message };
    throw error;
  }
}
