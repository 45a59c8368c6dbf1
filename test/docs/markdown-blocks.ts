/** A fenced code block of a guide, and the ```text block right after it (what it prints), if any. */
export interface CodeBlock {
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  readonly output?: string;
}

/** Every ```<language> block of a markdown text, in order, each with the output block that follows it. */
export function codeBlocks(markdown: string, language: string): CodeBlock[] {
  const fence = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\`(?:\\s*\`\`\`text\\n([\\s\\S]*?)\`\`\`)?`, 'g');
  return [...markdown.matchAll(fence)].map((match) => ({
    line: markdown.slice(0, match.index).split('\n').length,
    code: match[1]!,
    ...(match[2] !== undefined ? { output: match[2] } : {}),
  }));
}
