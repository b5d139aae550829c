/** One row of a delimited text file: its fields and the 1-based line it starts on. */
export interface TextRow {
  line: number;
  fields: string[];
}

/**
 * Rows of a file with a plain separator and no quoting (MovieLens `u.data`, `u.item`, `*.dat`):
 * blank lines are skipped, a trailing carriage return is dropped.
 */
export function splitPlainRows(text: string, separator: string): TextRow[] {
  const rows: TextRow[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const content = lines[index].endsWith('\r') ? lines[index].slice(0, -1) : lines[index];
    if (content.trim() === '') continue;
    rows.push({ line: index + 1, fields: content.split(separator) });
  }
  return rows;
}

/**
 * RFC 4180 CSV: fields in double quotes may hold commas, line breaks and doubled quotes (`""`).
 * A row's line number is the line it starts on, so a quoted line break does not shift later rows'
 * numbers off the file's. Throws `CsvSyntaxError` for an unterminated quote or text after a closing
 * quote.
 */
export function parseCsvRows(text: string): TextRow[] {
  const rows: TextRow[] = [];
  let line = 1;
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (position < text.length) {
    const rowLine = line;
    const fields: string[] = [];
    let rowEnded = false;
    while (!rowEnded) {
      let field = '';
      if (text[position] === '"') {
        position++;
        for (;;) {
          if (position >= text.length) throw new CsvSyntaxError(rowLine, 'unterminated quoted field');
          const character = text[position];
          if (character === '"') {
            if (text[position + 1] === '"') {
              field += '"';
              position += 2;
              continue;
            }
            position++;
            break;
          }
          if (character === '\n') line++;
          field += character;
          position++;
        }
        const next = text[position];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(
            rowLine,
            `unexpected text after a closing quote in field ${fields.length + 1}`,
          );
        }
      } else {
        const start = position;
        while (position < text.length) {
          const character = text[position];
          if (character === ',' || character === '\n' || character === '\r') break;
          position++;
        }
        field = text.slice(start, position);
      }
      fields.push(field);
      const separator = text[position];
      if (separator === ',') {
        position++;
      } else {
        if (separator === '\r') position++;
        if (text[position] === '\n') position++;
        line++;
        rowEnded = true;
      }
    }
    if (!(fields.length === 1 && fields[0].trim() === '')) rows.push({ line: rowLine, fields });
  }
  return rows;
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}
