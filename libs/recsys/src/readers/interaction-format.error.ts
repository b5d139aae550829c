/** One malformed row: where it is (1-based line number of the row's first line) and what is wrong. */
export interface RowProblem {
  line: number;
  message: string;
}

/** Problems listed in an error message before "and N more". */
const LISTED_PROBLEMS = 5;

/** A file that does not have the expected layout; lists every malformed row with its line number. */
export class InteractionFormatError extends Error {
  override readonly name = 'InteractionFormatError';

  constructor(
    readonly source: string,
    readonly problems: readonly RowProblem[],
  ) {
    const listed = problems
      .slice(0, LISTED_PROBLEMS)
      .map((problem) => `${source} line ${problem.line}: ${problem.message}`);
    const more = problems.length > LISTED_PROBLEMS ? `; and ${problems.length - LISTED_PROBLEMS} more` : '';
    super(`${problems.length} malformed row(s): ${listed.join('; ')}${more}`);
  }
}
