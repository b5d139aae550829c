import type { StreamedBody } from './hostile-case.types';

export const BOUNDARY = 'hostile-7MA4YWxkTrZu0gW';
const MEBIBYTE = 1024 * 1024;

export interface FormPart {
  name: string;
  value: string | Buffer;
  /** Makes the part a file part. */
  filename?: string;
  contentType?: string;
}

/** `multipart/form-data` (RFC 7578); `close: false` leaves out the final boundary (a cut-off upload). */
export function multipartBody(
  parts: readonly FormPart[],
  options: { boundary?: string; close?: boolean } = {},
): Buffer {
  const boundary = options.boundary ?? BOUNDARY;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      `form-data; name="${part.name}"` + (part.filename === undefined ? '' : `; filename="${part.filename}"`);
    const type = part.contentType ?? (part.filename === undefined ? undefined : 'application/octet-stream');
    pieces.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n` +
          (type ? `Content-Type: ${type}\r\n` : '') +
          '\r\n',
        'latin1',
      ),
      Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'),
      Buffer.from('\r\n', 'latin1'),
    );
  }
  if (options.close ?? true) pieces.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return Buffer.concat(pieces);
}

export function multipartType(boundary = BOUNDARY): string {
  return `multipart/form-data; boundary=${boundary}`;
}

/** One file part of `fileBytes` zero bytes, streamed a mebibyte at a time. */
export function streamedUpload(fileBytes: number, filename: string): StreamedBody {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'latin1',
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`, 'latin1');
  return streamed(head, fileBytes, 0x00, tail);
}

/** A JSON object with one string field of `bytes` characters, streamed. */
export function streamedJson(field: string, bytes: number): StreamedBody {
  return streamed(Buffer.from(`{"${field}":"`), bytes, 0x61, Buffer.from('"}'));
}

/** CSV text lines totalling about `bytes`, streamed. */
export function streamedCsv(bytes: number): StreamedBody {
  const line = Buffer.from('Shares of a fictional company moved,neutral\n');
  const chunk = Buffer.concat(Array.from({ length: Math.ceil(MEBIBYTE / line.length) }, () => line));
  const lines = Math.ceil(bytes / chunk.length);
  const head = Buffer.from('text,label\n');
  return {
    kind: 'stream',
    bytes: head.length + lines * chunk.length,
    async *chunks() {
      yield head;
      for (let index = 0; index < lines; index++) yield chunk;
    },
  };
}

function streamed(head: Buffer, fillBytes: number, fill: number, tail: Buffer): StreamedBody {
  const block = Buffer.alloc(MEBIBYTE, fill);
  return {
    kind: 'stream',
    bytes: head.length + fillBytes + tail.length,
    async *chunks() {
      yield head;
      for (let sent = 0; sent < fillBytes; sent += block.length)
        yield sent + block.length <= fillBytes ? block : block.subarray(0, fillBytes - sent);
      yield tail;
    },
  };
}
