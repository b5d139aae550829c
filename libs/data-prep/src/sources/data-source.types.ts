/** A file path, or bytes arriving in chunks (a `Readable`, an HTTP request body, a generator). */
export type DataSource = string | AsyncIterable<Uint8Array | string>;

/** A row that could not be read; reading goes on with the next one. */
export interface ParseError {
  /** 1-based physical line of the file where the bad row starts (the header is line 1). */
  line: number;
  reason: string;
}
