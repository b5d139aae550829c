import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parseCsvText, parseJsonlText } from '@deepworks/data-prep';
import { ItemInputDto, type ItemRecord, toItemRecord } from './dto/item-input.dto';

export const CATALOGUE_FORMATS = ['csv', 'jsonl'] as const;
export type CatalogueFormat = (typeof CATALOGUE_FORMATS)[number];

/** One malformed row: the 1-based line it starts on (a CSV header is line 1) and what is wrong. */
export interface RowProblem {
  line: number;
  message: string;
}

export interface ParsedCatalogue {
  items: ItemRecord[];
  /** Every malformed row, in line order; a file with any is applied not at all. */
  problems: RowProblem[];
  /** Data rows met, good and bad. */
  rowsRead: number;
}

const CSV_COLUMNS = ['id', 'title', 'description', 'category', 'tags'] as const;
const REQUIRED_CSV_COLUMNS = ['id', 'title'];
/** Tags inside one CSV field: `cooking|steel` (or `;`), since the comma separates fields. */
const TAG_SEPARATOR = /[|;]/;

/**
 * A catalogue file (CSV with a header naming `id,title[,description,category,tags]`, or JSON Lines of
 * item objects) checked row by row with the same rules as `POST /items`. Repeated ids are problems
 * too: which of two rows should win is the shop's decision, not ours.
 */
export function parseCatalogueFile(format: CatalogueFormat, content: string): ParsedCatalogue {
  const parsed = format === 'csv' ? csvRows(content) : jsonlRows(content);
  const problems = [...parsed.problems];
  const items: ItemRecord[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, value } of parsed.rows) {
    const input = plainToInstance(ItemInputDto, value);
    const errors = validateSync(input, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      problems.push({ line, message: errors.flatMap(constraintMessages).join('; ') });
      continue;
    }
    const earlier = firstLine.get(input.id);
    if (earlier !== undefined) {
      problems.push({ line, message: `item "${input.id}" already appears on line ${earlier}` });
      continue;
    }
    firstLine.set(input.id, line);
    items.push(toItemRecord(input));
  }
  problems.sort((a, b) => a.line - b.line);
  return { items, problems, rowsRead: parsed.rowsRead };
}

interface RawRows {
  rows: { line: number; value: unknown }[];
  problems: RowProblem[];
  rowsRead: number;
}

function csvRows(content: string): RawRows {
  let result: ReturnType<typeof parseCsvText>;
  try {
    result = parseCsvText(content, { maxErrors: Number.MAX_SAFE_INTEGER });
  } catch (error) {
    return { rows: [], problems: [{ line: 1, message: (error as Error).message }], rowsRead: 0 };
  }
  const header = result.columns;
  const unknown = header.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  const missing = REQUIRED_CSV_COLUMNS.filter((name) => !header.includes(name));
  if (unknown.length > 0 || missing.length > 0) {
    const said = [
      missing.length > 0 ? `missing column(s) ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown column(s) ${unknown.join(', ')}` : '',
    ].filter((part) => part !== '');
    return {
      rows: [],
      problems: [{ line: 1, message: `header: ${said.join('; ')}; allowed: ${CSV_COLUMNS.join(', ')}` }],
      rowsRead: result.rowsRead,
    };
  }
  const rows = result.rows.map(({ line, values }) => {
    const value: Record<string, unknown> = { id: values.id, title: values.title };
    if (values.description) value.description = values.description;
    if (values.category) value.category = values.category;
    if (values.tags) {
      value.tags = values.tags
        .split(TAG_SEPARATOR)
        .map((tag) => tag.trim())
        .filter((tag) => tag !== '');
    }
    return { line, value };
  });
  return {
    rows,
    problems: result.errors.map((error) => ({ line: error.line, message: error.reason })),
    rowsRead: result.rowsRead,
  };
}

function jsonlRows(content: string): RawRows {
  const result = parseJsonlText(content, {
    maxErrors: Number.MAX_SAFE_INTEGER,
    validate: (value) =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? undefined
        : 'each line must be one JSON object',
  });
  return {
    rows: result.rows,
    problems: result.errors.map((error) => ({ line: error.line, message: error.reason })),
    rowsRead: result.rowsRead,
  };
}

function constraintMessages(error: ValidationError): string[] {
  const own = Object.values(error.constraints ?? {});
  return [...own, ...(error.children ?? []).flatMap(constraintMessages)];
}
