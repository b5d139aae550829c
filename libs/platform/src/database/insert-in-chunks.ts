import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export interface InsertInChunksOptions {
  /** Rows per INSERT statement: PostgreSQL allows at most 65,535 parameters in one. */
  chunkSize?: number;
  /** Skip rows that hit a unique constraint (a re-run of the same import) instead of failing. */
  skipDuplicates?: boolean;
  onChunk?: (done: number, total: number) => Promise<void>;
}

/** Bulk insert inside the caller's transaction; returns how many rows were actually stored. */
export async function insertInChunks<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: QueryDeepPartialEntity<T>[],
  options: InsertInChunksOptions = {},
): Promise<number> {
  const chunkSize = options.chunkSize ?? 1000;
  let stored = 0;
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    let insert = manager.createQueryBuilder().insert().into(target).values(chunk);
    if (options.skipDuplicates) insert = insert.orIgnore();
    const result = await insert.execute();
    // RETURNING yields one row per stored row; skipped duplicates return none.
    stored += Array.isArray(result.raw) ? result.raw.length : chunk.length;
    await options.onChunk?.(start + chunk.length, rows.length);
  }
  return stored;
}
