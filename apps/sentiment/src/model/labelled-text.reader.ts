import { readCsv } from '@deepworks/data-prep';
import { type LabelMap, LabelMapError } from '@deepworks/text';

export interface LabelledText {
  text: string;
  /** Canonical class name. */
  label: string;
  /** 1-based line of the CSV record (the header is line 1). */
  line: number;
}

export interface RowError {
  line: number;
  reason: string;
}

export interface LabelledTexts {
  rows: LabelledText[];
  /** The first `MAX_REPORTED_ERRORS` bad rows, with their line. */
  errors: RowError[];
  errorCount: number;
}

export interface LabelledCsvColumns {
  textColumn: string;
  labelColumn: string;
}

export const MAX_REPORTED_ERRORS = 1000;

/**
 * The text and label of every good record of a CSV; a bad record (broken quoting, invalid UTF-8, empty text,
 * a label the map does not know) is reported with its line and left out, never fatal. A missing column is
 * fatal: no row could be read.
 */
export async function readLabelledCsv(
  path: string,
  columns: LabelledCsvColumns,
  labels: LabelMap,
): Promise<LabelledTexts> {
  const csv = await readCsv(path, { maxErrors: MAX_REPORTED_ERRORS });
  for (const column of [columns.textColumn, columns.labelColumn]) {
    if (!csv.columns.includes(column)) {
      throw new Error(`${path}: no column "${column}" in the header [${csv.columns.join(', ')}]`);
    }
  }
  const errors: RowError[] = [...csv.errors];
  let errorCount = csv.errorCount;
  const report = (error: RowError) => {
    errorCount++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };
  const rows: LabelledText[] = [];
  for (const { line, values } of csv.rows) {
    const text = values[columns.textColumn] ?? '';
    if (text.trim() === '') {
      report({ line, reason: `empty ${columns.textColumn}` });
      continue;
    }
    try {
      rows.push({ text, label: labels.map(values[columns.labelColumn] ?? '', line), line });
    } catch (error) {
      if (!(error instanceof LabelMapError)) throw error;
      report({ line, reason: error.message });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors, errorCount };
}
