import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { DataSource } from './data-source.types';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * The bytes of `source`, gunzipped on the fly when they start with the gzip magic number (RFC 1952
 * §2.3.1), whatever the file is called. Closes the file when the consumer stops early.
 */
export async function* byteChunks(source: DataSource): AsyncGenerator<Uint8Array> {
  const input: AsyncIterable<Uint8Array | string> =
    typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 16 }) : source;
  const iterator = input[Symbol.asyncIterator]();
  // Gather at least two bytes (or all there are) so that the magic-number check sees real bytes.
  const headParts: Uint8Array[] = [];
  let headLength = 0;
  try {
    while (headLength < GZIP_MAGIC.length) {
      const next = await iterator.next();
      if (next.done) break;
      const bytes = toBytes(next.value);
      headParts.push(bytes);
      headLength += bytes.length;
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  if (headLength === 0) return;
  const head = headParts.length === 1 ? headParts[0] : Buffer.concat(headParts);
  if (head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) {
    const compressed = Readable.from(remainingChunks(head, iterator));
    // The callback form returns the gunzip stream; destroying it (consumer stops) tears down both.
    const gunzipped = pipeline(compressed, createGunzip(), () => undefined);
    for await (const chunk of gunzipped as AsyncIterable<Buffer>) yield chunk;
    return;
  }
  yield* remainingChunks(head, iterator);
}

async function* remainingChunks(
  head: Uint8Array,
  iterator: AsyncIterator<Uint8Array | string>,
): AsyncGenerator<Uint8Array> {
  try {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield toBytes(next.value);
    }
  } finally {
    await iterator.return?.();
  }
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
