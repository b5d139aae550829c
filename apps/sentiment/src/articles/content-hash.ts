import { createHash } from 'node:crypto';

/** Case and whitespace do not make a story new. */
export function contentHash(text: string): string {
  return createHash('sha256')
    .update(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim())
    .digest('hex');
}
