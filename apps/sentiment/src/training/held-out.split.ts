/** One article in this many is held out. */
export const HELD_OUT_EVERY = 5;

/**
 * Held out by content hash, not by a seeded shuffle: an article stays on the same side as the data grows,
 * so a model trained by an earlier run never saw the rows the next run compares it on.
 */
export function isHeldOut(contentHash: string): boolean {
  return Number.parseInt(contentHash.slice(0, 8), 16) % HELD_OUT_EVERY === 0;
}

export function heldOutByContentHash<R extends { contentHash: string }>(rows: readonly R[]): [R[], R[]] {
  const train: R[] = [];
  const heldOut: R[] = [];
  for (const row of rows) (isHeldOut(row.contentHash) ? heldOut : train).push(row);
  return [train, heldOut];
}
