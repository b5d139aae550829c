import type { ParseError } from '../sources/data-source.types';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf] as const;

export interface CsvOptions {
  /** One ASCII character; default `,`. */
  delimiter?: string;
  /**
   * `true` (default): the first record names the columns. An array: these names, and the first record
   * is data. `false`: columns are named `0`, `1`, … after the first record's field count.
   */
  header?: boolean | readonly string[];
  /**
   * A record longer than this (bytes) is reported as a bad row instead of being buffered further: it is
   * almost always an unclosed quote swallowing the rest of the file. Default 1 MiB.
   */
  maxRecordBytes?: number;
  /** Only the first this many parse errors are kept (all are counted). Default 1000. */
  maxErrors?: number;
}

export interface CsvRow {
  /** 1-based physical line where the record starts (a quoted newline makes a record span lines). */
  line: number;
  values: Record<string, string>;
}

export interface CsvResult {
  columns: string[];
  rows: CsvRow[];
  /** The first `maxErrors` bad rows. */
  errors: ParseError[];
  errorCount: number;
  /** Data records met after the header, good and bad. */
  rowsRead: number;
  /** Physical lines in the input. */
  linesRead: number;
}

interface FieldSpan {
  start: number;
  end: number;
  escapedQuotes: boolean;
  nonAscii: boolean;
}

type RecordScan =
  | { kind: 'incomplete' }
  | { kind: 'blank'; end: number }
  | { kind: 'record'; fields: FieldSpan[]; end: number; newlines: number }
  | { kind: 'error'; reason: string };

const INCOMPLETE: RecordScan = { kind: 'incomplete' };

export type TokenizerEvent =
  | { kind: 'record'; line: number; fields: string[] }
  | { kind: 'error'; line: number; reason: string };

/**
 * RFC 4180 records from bytes pushed in chunks. It works on bytes, not text: the delimiter, quote, CR
 * and LF are ASCII and never occur inside a UTF-8 multi-byte sequence, so each field can be checked for
 * valid UTF-8 on its own and a bad byte blamed on its line. A bad record (unclosed or stray quote,
 * invalid UTF-8, over-long) is reported at the line it starts on, and reading resumes on the next
 * physical line after it.
 */
export class CsvTokenizer {
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  private line = 1;
  private skippingToNewline = false;
  private atStart = true;
  private readonly delimiter: number;
  private readonly maxRecordBytes: number;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(options: { delimiter?: string; maxRecordBytes?: number } = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7f || '"\r\n'.includes(delimiter))
      throw new Error(
        `CSV delimiter must be one ASCII character other than a quote or newline; got "${delimiter}"`,
      );
    this.delimiter = delimiter.charCodeAt(0);
    this.maxRecordBytes = options.maxRecordBytes ?? 1 << 20;
  }

  private lastByte = -1;

  /** Physical lines in the input; complete once `end` has been called. */
  get linesRead(): number {
    if (this.lastByte < 0) return 0;
    return this.lastByte === LF ? this.line - 1 : this.line;
  }

  push(chunk: Uint8Array, emit: (event: TokenizerEvent) => void): void {
    if (chunk.length === 0) return;
    this.lastByte = chunk[chunk.length - 1];
    this.buffer =
      this.position < this.buffer.length
        ? Buffer.concat([this.buffer.subarray(this.position), chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.position = 0;
    this.drain(false, emit);
  }

  end(emit: (event: TokenizerEvent) => void): void {
    this.drain(true, emit);
    this.buffer = Buffer.alloc(0);
    this.position = 0;
  }

  private drain(final: boolean, emit: (event: TokenizerEvent) => void): void {
    const buffer = this.buffer;
    if (this.atStart) {
      if (buffer.length < BOM.length && !final) return;
      this.atStart = false;
      if (buffer[0] === BOM[0] && buffer[1] === BOM[1] && buffer[2] === BOM[2]) this.position = BOM.length;
    }
    while (this.position < buffer.length) {
      if (this.skippingToNewline) {
        const newline = buffer.indexOf(LF, this.position);
        if (newline < 0) {
          this.position = buffer.length;
          return;
        }
        this.position = newline + 1;
        this.line++;
        this.skippingToNewline = false;
        continue;
      }
      const scan = this.scanRecord(buffer, this.position, final);
      if (scan.kind === 'incomplete') return;
      if (scan.kind === 'blank') {
        this.position = scan.end;
        this.line++;
        continue;
      }
      if (scan.kind === 'record') {
        const fields: string[] = [];
        let invalidField = -1;
        for (let index = 0; index < scan.fields.length; index++) {
          const text = this.decodeField(buffer, scan.fields[index]);
          if (text === undefined) {
            invalidField = index;
            break;
          }
          fields.push(text);
        }
        if (invalidField >= 0) {
          emit({ kind: 'error', line: this.line, reason: `invalid UTF-8 in field ${invalidField + 1}` });
        } else {
          emit({ kind: 'record', line: this.line, fields });
        }
        this.line += scan.newlines;
        this.position = scan.end;
        continue;
      }
      emit({ kind: 'error', line: this.line, reason: scan.reason });
      // Resynchronise on the line after the one the bad record started on.
      this.skippingToNewline = true;
    }
  }

  private decodeField(buffer: Buffer, span: FieldSpan): string | undefined {
    let text: string;
    if (span.nonAscii) {
      try {
        text = this.utf8.decode(buffer.subarray(span.start, span.end));
      } catch {
        return undefined;
      }
    } else {
      text = buffer.toString('latin1', span.start, span.end);
    }
    return span.escapedQuotes ? text.replaceAll('""', '"') : text;
  }

  private tooLong(): RecordScan {
    return { kind: 'error', reason: `record longer than ${this.maxRecordBytes} bytes (unclosed quote?)` };
  }

  private incomplete(bytesSoFar: number): RecordScan {
    return bytesSoFar > this.maxRecordBytes ? this.tooLong() : INCOMPLETE;
  }

  /** One record from `start`, or `incomplete` when the bytes so far cannot tell where it ends. */
  private scanRecord(bytes: Buffer, start: number, final: boolean): RecordScan {
    const length = bytes.length;
    const delimiter = this.delimiter;

    if (bytes[start] === LF) return { kind: 'blank', end: start + 1 };
    if (bytes[start] === CR) {
      if (start + 1 >= length)
        return final ? { kind: 'blank', end: length } : this.incomplete(length - start);
      if (bytes[start + 1] === LF) return { kind: 'blank', end: start + 2 };
    }

    const fields: FieldSpan[] = [];
    let index = start;
    let newlines = 0;
    for (;;) {
      if (index < length && bytes[index] === QUOTE) {
        const contentStart = index + 1;
        let escapedQuotes = false;
        let nonAscii = false;
        let linesInField = 0;
        index = contentStart;
        for (;;) {
          if (index >= length) {
            if (!final) return this.incomplete(length - start);
            return { kind: 'error', reason: `unclosed quote in field ${fields.length + 1}` };
          }
          const byte = bytes[index];
          if (byte === QUOTE) {
            if (index + 1 >= length && !final) return this.incomplete(length - start);
            if (bytes[index + 1] === QUOTE) {
              escapedQuotes = true;
              index += 2;
              continue;
            }
            break;
          }
          if (byte === LF) linesInField++;
          else if (byte >= 0x80) nonAscii = true;
          index++;
        }
        if (index - start > this.maxRecordBytes) return this.tooLong();
        fields.push({ start: contentStart, end: index, escapedQuotes, nonAscii });
        newlines += linesInField;
        index++;
        if (index >= length) {
          if (!final) return this.incomplete(length - start);
          return { kind: 'record', fields, end: length, newlines };
        }
        const next = bytes[index];
        if (next === delimiter) {
          index++;
          continue;
        }
        if (next === LF) return { kind: 'record', fields, end: index + 1, newlines: newlines + 1 };
        if (next === CR) {
          if (index + 1 >= length) {
            if (!final) return this.incomplete(length - start);
            return { kind: 'record', fields, end: length, newlines };
          }
          if (bytes[index + 1] === LF)
            return { kind: 'record', fields, end: index + 2, newlines: newlines + 1 };
        }
        // A quote that "closes" on a later line and is followed by text was most likely never closed:
        // it paired with the opening quote of some later field.
        return {
          kind: 'error',
          reason:
            linesInField > 0
              ? `unclosed quote in field ${fields.length}`
              : `unexpected character after closing quote in field ${fields.length}`,
        };
      }

      const fieldStart = index;
      let nonAscii = false;
      while (index < length) {
        const byte = bytes[index];
        if (byte === delimiter || byte === LF) break;
        if (byte === CR) {
          if (index + 1 >= length) {
            if (!final) return this.incomplete(length - start);
            break;
          }
          if (bytes[index + 1] === LF) break;
        }
        if (byte >= 0x80) nonAscii = true;
        index++;
      }
      if (index >= length) {
        if (!final) return this.incomplete(length - start);
        fields.push({ start: fieldStart, end: index, escapedQuotes: false, nonAscii });
        return { kind: 'record', fields, end: length, newlines };
      }
      const stop = bytes[index];
      // A CR that ends the file is a line ending, not field text.
      fields.push({ start: fieldStart, end: index, escapedQuotes: false, nonAscii });
      if (index - start > this.maxRecordBytes) return this.tooLong();
      if (stop === delimiter) {
        index++;
        continue;
      }
      if (stop === LF) return { kind: 'record', fields, end: index + 1, newlines: newlines + 1 };
      // CR: either CR LF, or a CR that ends the input.
      return index + 1 < length
        ? { kind: 'record', fields, end: index + 2, newlines: newlines + 1 }
        : { kind: 'record', fields, end: length, newlines };
    }
  }
}

/**
 * Turns tokenizer events into rows keyed by column name: takes the header, checks each record's field
 * count against it, and keeps the first `maxErrors` errors.
 */
export class CsvRowAssembler {
  columns: string[] = [];
  readonly errors: ParseError[] = [];
  errorCount = 0;
  rowsRead = 0;
  private headerPending: boolean;
  private columnsFromFirstRecord: boolean;
  private readonly maxErrors: number;

  constructor(options: { header?: boolean | readonly string[]; maxErrors?: number }) {
    const header = options.header ?? true;
    this.maxErrors = options.maxErrors ?? 1000;
    this.headerPending = header === true;
    this.columnsFromFirstRecord = header === false;
    if (Array.isArray(header)) this.columns = uniqueNames(header as readonly string[]);
  }

  /** The row for a record event, or undefined (header, bad row: recorded here). */
  accept(event: TokenizerEvent): CsvRow | undefined {
    if (this.headerPending) {
      if (event.kind === 'error')
        throw new Error(`CSV header (line ${event.line}) cannot be read: ${event.reason}`);
      this.columns = uniqueNames(event.fields.map((name) => name.trim()));
      this.headerPending = false;
      return undefined;
    }
    this.rowsRead++;
    if (event.kind === 'error') {
      this.addError(event.line, event.reason);
      return undefined;
    }
    if (this.columnsFromFirstRecord) {
      this.columns = event.fields.map((_, index) => String(index));
      this.columnsFromFirstRecord = false;
    }
    const columns = this.columns;
    if (event.fields.length !== columns.length) {
      this.addError(event.line, `expected ${columns.length} fields, got ${event.fields.length}`);
      return undefined;
    }
    const values: Record<string, string> = {};
    for (let index = 0; index < columns.length; index++) values[columns[index]] = event.fields[index];
    return { line: event.line, values };
  }

  private addError(line: number, reason: string): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push({ line, reason });
  }
}

/** Repeated header names get `_2`, `_3`, … so that no column silently overwrites another. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}
