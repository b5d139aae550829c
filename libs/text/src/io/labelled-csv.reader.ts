/** One CSV record: its text, its raw (unmapped) label and the 1-based physical line where it starts. */
export interface LabelledTextRow {
  text: string;
  label: string;
  line: number;
}

export interface LabelledCsvOptions {
  /** Header name of the text column (default "text"). */
  textColumn?: string;
  /** Header name of the label column (default "label"). */
  labelColumn?: string;
}

export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'CsvFormatError';
  }
}

/**
 * Parses RFC 4180 CSV (quoted fields with "" escapes and embedded newlines, CRLF or LF) with a header row,
 * and returns the text and label columns. Line numbers count physical lines, so an error can point at the
 * line a person sees in an editor even after multi-line records.
 */
export function parseLabelledCsv(content: string, options: LabelledCsvOptions = {}): LabelledTextRow[] {
  const textColumn = options.textColumn ?? 'text';
  const labelColumn = options.labelColumn ?? 'label';
  const records = parseCsvRecords(content.startsWith('\uFEFF') ? content.slice(1) : content);
  const header = records.shift();
  if (!header) throw new CsvFormatError('CSV is empty: expected a header row', 1);
  const textIndex = header.fields.indexOf(textColumn);
  const labelIndex = header.fields.indexOf(labelColumn);
  for (const [name, index] of [
    [textColumn, textIndex],
    [labelColumn, labelIndex],
  ] as const) {
    if (index < 0) {
      throw new CsvFormatError(`Column "${name}" not in header [${header.fields.join(', ')}]`, header.line);
    }
  }
  return records
    .filter((record) => !(record.fields.length === 1 && record.fields[0] === ''))
    .map((record) => {
      if (record.fields.length !== header.fields.length) {
        throw new CsvFormatError(
          `Expected ${header.fields.length} fields, found ${record.fields.length}`,
          record.line,
        );
      }
      return { text: record.fields[textIndex], label: record.fields[labelIndex], line: record.line };
    });
}

interface CsvRecord {
  fields: string[];
  line: number;
}

function parseCsvRecords(content: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let position = 0;
  while (position < content.length) {
    const character = content[position];
    if (inQuotes) {
      if (character === '"') {
        if (content[position + 1] === '"') {
          field += '"';
          position += 2;
          continue;
        }
        inQuotes = false;
      } else {
        if (character === '\n') line++;
        field += character;
      }
      position++;
      continue;
    }
    if (character === '"' && field === '') {
      inQuotes = true;
    } else if (character === ',') {
      fields.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      fields.push(field);
      records.push({ fields, line: recordLine });
      fields = [];
      field = '';
      if (character === '\r' && content[position + 1] === '\n') position++;
      line++;
      recordLine = line;
    } else {
      field += character;
    }
    position++;
  }
  if (inQuotes) throw new CsvFormatError('Unterminated quoted field', recordLine);
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ fields, line: recordLine });
  }
  return records;
}
