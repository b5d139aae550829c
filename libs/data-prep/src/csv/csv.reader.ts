import { byteChunks } from '../sources/byte-chunks.source';
import type { DataSource, ParseError } from '../sources/data-source.types';
import {
  type CsvOptions,
  type CsvResult,
  type CsvRow,
  CsvRowAssembler,
  CsvTokenizer,
  type TokenizerEvent,
} from './csv.parser';

/**
 * Rows of a CSV file or stream, one at a time, gunzipped when the bytes are gzip. Bad rows never stop
 * the reading: they are counted in `errorCount` and the first `maxErrors` kept in `errors`, with their
 * line. `columns`, `errors` and the counts fill in as the rows are read. Iterate once.
 */
export class CsvStream implements AsyncIterable<CsvRow> {
  private readonly assembler: CsvRowAssembler;
  private readonly tokenizer: CsvTokenizer;
  private started = false;

  constructor(
    private readonly source: DataSource,
    options: CsvOptions = {},
  ) {
    this.tokenizer = new CsvTokenizer(options);
    this.assembler = new CsvRowAssembler(options);
  }

  get columns(): string[] {
    return this.assembler.columns;
  }

  get errors(): ParseError[] {
    return this.assembler.errors;
  }

  get errorCount(): number {
    return this.assembler.errorCount;
  }

  /** Data records met so far after the header, good and bad. */
  get rowsRead(): number {
    return this.assembler.rowsRead;
  }

  get linesRead(): number {
    return this.tokenizer.linesRead;
  }

  [Symbol.asyncIterator](): AsyncIterator<CsvRow> {
    if (this.started) throw new Error('a CsvStream can be iterated only once');
    this.started = true;
    return this.rows();
  }

  private async *rows(): AsyncGenerator<CsvRow> {
    const ready: CsvRow[] = [];
    const emit = (event: TokenizerEvent) => {
      const row = this.assembler.accept(event);
      if (row) ready.push(row);
    };
    for await (const chunk of byteChunks(this.source)) {
      this.tokenizer.push(chunk, emit);
      yield* ready;
      ready.length = 0;
    }
    this.tokenizer.end(emit);
    yield* ready;
  }
}

/** Streams the rows of a CSV file (or byte stream); see {@link CsvStream}. */
export function streamCsv(source: DataSource, options: CsvOptions = {}): CsvStream {
  return new CsvStream(source, options);
}

/** All rows of a CSV file (or byte stream) in memory, with the bad rows and their lines. */
export async function readCsv(source: DataSource, options: CsvOptions = {}): Promise<CsvResult> {
  const stream = new CsvStream(source, options);
  const rows: CsvRow[] = [];
  for await (const row of stream) rows.push(row);
  return collected(stream, rows);
}

/** CSV text already in memory (an HTTP upload); the same rules as {@link readCsv}. */
export function parseCsvText(text: string | Uint8Array, options: CsvOptions = {}): CsvResult {
  const tokenizer = new CsvTokenizer(options);
  const assembler = new CsvRowAssembler(options);
  const rows: CsvRow[] = [];
  const emit = (event: TokenizerEvent) => {
    const row = assembler.accept(event);
    if (row) rows.push(row);
  };
  tokenizer.push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, emit);
  tokenizer.end(emit);
  return {
    columns: assembler.columns,
    rows,
    errors: assembler.errors,
    errorCount: assembler.errorCount,
    rowsRead: assembler.rowsRead,
    linesRead: tokenizer.linesRead,
  };
}

function collected(stream: CsvStream, rows: CsvRow[]): CsvResult {
  return {
    columns: stream.columns,
    rows,
    errors: stream.errors,
    errorCount: stream.errorCount,
    rowsRead: stream.rowsRead,
    linesRead: stream.linesRead,
  };
}
