import type { ScenarioProblem } from '../scenarios/scenario-types.js';

/** `file:line:column: message` per problem, then `N problem(s) in file`: the format editors and CI parse. */
export function printProblems(write: (line: string) => void, file: string, problems: readonly ScenarioProblem[]): void {
  for (const problem of problems) write(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
  write(`${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} in ${file}`);
}
