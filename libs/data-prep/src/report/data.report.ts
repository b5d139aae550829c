import type { CleanResult } from '../cleaning/row.cleaner';
import type { ParseError } from '../sources/data-source.types';

/**
 * What happened to a dataset on its way to training; plain JSON, to print and to store with the run.
 * `rowsRead = rowsKept + Σ dropped`.
 */
export interface DataReport {
  source?: string;
  /** Data records read (good and unparseable). */
  rowsRead: number;
  rowsKept: number;
  /** Reason → rows: `parse_error`, then the cleaning reasons (`missing:age`, `duplicate`, …). */
  dropped: Record<string, number>;
  duplicates: number;
  /** Column → missing values filled in. */
  filled: Record<string, number>;
  /** Label → kept rows, sorted by label. */
  classBalance?: Record<string, number>;
  /** Split name → rows. */
  splits?: Record<string, number>;
  parseErrorCount: number;
  /** The first few parse errors, with their lines. */
  parseErrors: ParseError[];
}

export interface DataReportInput {
  source?: string;
  /** A reader's result: `readCsv`, `readJsonl`, or any `{ rowsRead, errors, errorCount? }`. */
  read?: { rowsRead: number; errors: readonly ParseError[]; errorCount?: number };
  clean?: CleanResult;
  /** Labels of the kept rows, or the column of the cleaned rows that holds them. */
  labels?: Iterable<string | number>;
  labelColumn?: string;
  splits?: Readonly<Record<string, number>>;
  /** How many parse errors to keep. Default 20. */
  maxParseErrors?: number;
}

export function buildDataReport(input: DataReportInput): DataReport {
  const parseErrorCount = input.read ? (input.read.errorCount ?? input.read.errors.length) : 0;
  const goodRows = input.read ? input.read.rowsRead - parseErrorCount : (input.clean?.counts.input ?? 0);
  if (input.read && input.clean && input.clean.counts.input !== goodRows)
    throw new Error(
      `data report: cleaning saw ${input.clean.counts.input} rows but the reader produced ${goodRows} good rows`,
    );
  const dropped: Record<string, number> = {};
  if (parseErrorCount > 0) dropped.parse_error = parseErrorCount;
  for (const [reason, count] of Object.entries(input.clean?.counts.byReason ?? {}).sort(([left], [right]) =>
    left < right ? -1 : left > right ? 1 : 0,
  ))
    dropped[reason] = count;
  const report: DataReport = {
    ...(input.source === undefined ? {} : { source: input.source }),
    rowsRead: goodRows + parseErrorCount,
    rowsKept: input.clean ? input.clean.counts.kept : goodRows,
    dropped,
    duplicates: input.clean?.counts.duplicates ?? 0,
    filled: { ...(input.clean?.counts.filled ?? {}) },
    parseErrorCount,
    parseErrors: (input.read?.errors ?? [])
      .slice(0, input.maxParseErrors ?? 20)
      .map((error) => ({ ...error })),
  };
  const labels =
    input.labels ??
    (input.labelColumn !== undefined && input.clean
      ? input.clean.rows.map((row) => String(row.values[input.labelColumn as string]))
      : undefined);
  if (labels) report.classBalance = countLabels(labels);
  if (input.splits) report.splits = { ...input.splits };
  return report;
}

function countLabels(labels: Iterable<string | number>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const label of labels) counts.set(String(label), (counts.get(String(label)) ?? 0) + 1);
  const sorted = [...counts.entries()].sort(([left], [right]) => {
    const leftNumber = Number(left);
    const rightNumber = Number(right);
    // Numeric labels in numeric order (2 before 10), others by code point.
    if (Number.isFinite(leftNumber) && Number.isFinite(rightNumber)) return leftNumber - rightNumber;
    return left < right ? -1 : left > right ? 1 : 0;
  });
  return Object.fromEntries(sorted);
}

/** The report as an aligned plain-text table for logs and terminals. */
export function formatDataReport(report: DataReport): string {
  const lines: [string, string, string?][] = [];
  lines.push(['rows read', String(report.rowsRead)]);
  lines.push(['rows kept', String(report.rowsKept), percent(report.rowsKept, report.rowsRead)]);
  const droppedTotal = Object.values(report.dropped).reduce((sum, count) => sum + count, 0);
  lines.push(['rows dropped', String(droppedTotal), percent(droppedTotal, report.rowsRead)]);
  for (const [reason, count] of Object.entries(report.dropped)) lines.push([`  ${reason}`, String(count)]);
  lines.push(['duplicates', String(report.duplicates)]);
  const filled = Object.entries(report.filled);
  if (filled.length > 0) {
    lines.push(['values filled', String(filled.reduce((sum, [, count]) => sum + count, 0))]);
    for (const [column, count] of filled) lines.push([`  ${column}`, String(count)]);
  }
  if (report.classBalance) {
    const total = Object.values(report.classBalance).reduce((sum, count) => sum + count, 0);
    lines.push(['class balance', '']);
    for (const [label, count] of Object.entries(report.classBalance))
      lines.push([`  ${label}`, String(count), percent(count, total)]);
  }
  if (report.splits) {
    lines.push(['splits', '']);
    for (const [name, count] of Object.entries(report.splits)) lines.push([`  ${name}`, String(count)]);
  }
  const labelWidth = Math.max(...lines.map(([label]) => label.length));
  const countWidth = Math.max(...lines.map(([, count]) => count.length));
  const out = [`Data report${report.source ? `: ${report.source}` : ''}`];
  for (const [label, count, share] of lines)
    out.push(
      `  ${label.padEnd(labelWidth)}  ${count.padStart(countWidth)}${share ? `  ${share.padStart(6)}` : ''}`.trimEnd(),
    );
  if (report.parseErrorCount > 0) {
    const shown = report.parseErrors.length;
    out.push(
      `  parse errors (${report.parseErrorCount}${shown < report.parseErrorCount ? `, first ${shown}` : ''}):`,
    );
    for (const error of report.parseErrors)
      out.push(`    line ${String(error.line).padEnd(6)}  ${error.reason}`);
  }
  return out.join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '' : `${((100 * part) / whole).toFixed(1)}%`;
}
