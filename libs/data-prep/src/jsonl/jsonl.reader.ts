import { byteChunks } from '../sources/byte-chunks.source';
import type { DataSource, ParseError } from '../sources/data-source.types';

const LF = 0x0a;
const CR = 0x0d;

export interface JsonlOptions {
  /**
   * Checks each parsed value; a returned string rejects the line with that reason (e.g. a missing
   * field), undefined accepts it.
   */
  validate?: (value: unknown) => string | undefined;
  /** Only the first this many errors are kept (all are counted). Default 1000. */
  maxErrors?: number;
}

export interface JsonlRow {
  line: number;
  value: unknown;
}

export interface JsonlResult {
  rows: JsonlRow[];
  errors: ParseError[];
  errorCount: number;
  /** Non-blank lines, good and bad. */
  rowsRead: number;
  linesRead: number;
}

/** JSON Lines from bytes pushed in chunks: one value per LF-terminated line, blank lines skipped. */
class JsonlLineParser {
  readonly errors: ParseError[] = [];
  errorCount = 0;
  rowsRead = 0;
  private line = 0;
  private pending: Buffer[] = [];
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  private readonly maxErrors: number;

  constructor(private readonly options: JsonlOptions) {
    this.maxErrors = options.maxErrors ?? 1000;
  }

  get linesRead(): number {
    return this.line;
  }

  push(chunk: Uint8Array, emit: (row: JsonlRow) => void): void {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const newline = bytes.indexOf(LF, start);
      if (newline < 0) break;
      const piece = bytes.subarray(start, newline);
      // A long line arrives in many chunks: join them once, at its end, not at every chunk.
      this.parseLine(this.pending.length > 0 ? Buffer.concat([...this.pending, piece]) : piece, emit);
      this.pending = [];
      start = newline + 1;
    }
    if (start < bytes.length) this.pending.push(Buffer.from(bytes.subarray(start)));
  }

  end(emit: (row: JsonlRow) => void): void {
    if (this.pending.length > 0) this.parseLine(Buffer.concat(this.pending), emit);
    this.pending = [];
  }

  private parseLine(raw: Buffer, emit: (row: JsonlRow) => void): void {
    this.line++;
    // The first line may start with a UTF-8 byte-order mark.
    const bytes =
      this.line === 1 && raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
    const content = bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
    let text: string;
    try {
      text = this.utf8.decode(content);
    } catch {
      this.rowsRead++;
      this.addError('invalid UTF-8');
      return;
    }
    if (text.trim() === '') return;
    this.rowsRead++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.addError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const rejection = this.options.validate?.(value);
    if (rejection !== undefined) {
      this.addError(rejection);
      return;
    }
    emit({ line: this.line, value });
  }

  private addError(reason: string): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push({ line: this.line, reason });
  }
}

/** Values of a JSON Lines file or stream, one at a time; bad lines are counted and kept in `errors`. */
export class JsonlStream implements AsyncIterable<JsonlRow> {
  private readonly parser: JsonlLineParser;
  private started = false;

  constructor(
    private readonly source: DataSource,
    options: JsonlOptions = {},
  ) {
    this.parser = new JsonlLineParser(options);
  }

  get errors(): ParseError[] {
    return this.parser.errors;
  }

  get errorCount(): number {
    return this.parser.errorCount;
  }

  get rowsRead(): number {
    return this.parser.rowsRead;
  }

  get linesRead(): number {
    return this.parser.linesRead;
  }

  [Symbol.asyncIterator](): AsyncIterator<JsonlRow> {
    if (this.started) throw new Error('a JsonlStream can be iterated only once');
    this.started = true;
    return this.rows();
  }

  private async *rows(): AsyncGenerator<JsonlRow> {
    const ready: JsonlRow[] = [];
    const emit = (row: JsonlRow) => ready.push(row);
    for await (const chunk of byteChunks(this.source)) {
      this.parser.push(chunk, emit);
      yield* ready;
      ready.length = 0;
    }
    this.parser.end(emit);
    yield* ready;
  }
}

export function streamJsonl(source: DataSource, options: JsonlOptions = {}): JsonlStream {
  return new JsonlStream(source, options);
}

/** All values of a JSON Lines file (or byte stream, gzip or not), with the bad lines. */
export async function readJsonl(source: DataSource, options: JsonlOptions = {}): Promise<JsonlResult> {
  const stream = new JsonlStream(source, options);
  const rows: JsonlRow[] = [];
  for await (const row of stream) rows.push(row);
  return {
    rows,
    errors: stream.errors,
    errorCount: stream.errorCount,
    rowsRead: stream.rowsRead,
    linesRead: stream.linesRead,
  };
}

/** JSON Lines text already in memory. */
export function parseJsonlText(text: string | Uint8Array, options: JsonlOptions = {}): JsonlResult {
  const parser = new JsonlLineParser(options);
  const rows: JsonlRow[] = [];
  const emit = (row: JsonlRow) => rows.push(row);
  parser.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, emit);
  parser.end(emit);
  return {
    rows,
    errors: parser.errors,
    errorCount: parser.errorCount,
    rowsRead: parser.rowsRead,
    linesRead: parser.linesRead,
  };
}
