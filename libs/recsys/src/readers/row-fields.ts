import type { Interaction } from '../interactions/interaction';
import { CsvSyntaxError, parseCsvRows, type TextRow } from './delimited-text.parser';
import { InteractionFormatError, type RowProblem } from './interaction-format.error';

/** Collects row problems while a file is read, and throws them together at the end. */
export class RowProblemLog {
  private readonly problems: RowProblem[] = [];

  constructor(private readonly source: string) {}

  add(line: number, message: string): void {
    this.problems.push({ line, message });
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new InteractionFormatError(this.source, this.problems);
  }
}

/**
 * Builds an interaction from raw user, item, rating and timestamp fields (rating and timestamp may
 * be absent); logs the row and returns undefined when a field is empty or not a number.
 */
export function interactionFromFields(
  log: RowProblemLog,
  line: number,
  user: string,
  item: string,
  rating: string | undefined,
  timestamp: string | undefined,
): Interaction | undefined {
  const userId = user.trim();
  const itemId = item.trim();
  const problem =
    userId === '' ? 'empty user id' : itemId === '' ? 'empty item id' : numericProblem(rating, timestamp);
  if (problem !== undefined) {
    log.add(line, problem);
    return undefined;
  }
  const interaction: Interaction = { user: userId, item: itemId };
  if (isPresent(rating)) interaction.rating = Number(rating);
  if (isPresent(timestamp)) interaction.timestamp = parseTimestamp(timestamp);
  return interaction;
}

function isPresent(field: string | undefined): field is string {
  return field !== undefined && field.trim() !== '';
}

function numericProblem(rating: string | undefined, timestamp: string | undefined): string | undefined {
  if (isPresent(rating) && !Number.isFinite(Number(rating))) return `rating "${rating}" is not a number`;
  if (isPresent(timestamp) && parseTimestamp(timestamp) === undefined) {
    return `timestamp "${timestamp}" is neither epoch seconds nor an ISO 8601 date`;
  }
  return undefined;
}

/** Epoch seconds as written, or an ISO 8601 date converted to epoch seconds. */
function parseTimestamp(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const milliseconds = Date.parse(trimmed);
  return Number.isNaN(milliseconds) ? undefined : milliseconds / 1000;
}

/** CSV rows, with a CSV syntax error reported like any other malformed row. */
export function csvRowsOrThrow(text: string, source: string): TextRow[] {
  try {
    return parseCsvRows(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new InteractionFormatError(source, [{ line: error.line, message: error.detail }]);
    }
    throw error;
  }
}
