import type { EntityManager } from 'typeorm';
import type { ItemRecord } from './dto/item-input.dto';

export interface UpsertCounts {
  created: number;
  updated: number;
}

/** Rows per statement: the whole chunk travels as one jsonb parameter. */
const CHUNK_ROWS = 1000;

/**
 * Inserts new items and replaces the fields of existing ones, inside the caller's transaction (ids
 * must be distinct: one statement cannot update a row twice). `xmax = 0` tells a freshly inserted
 * row from an updated one (PostgreSQL sets xmax on the old version an UPDATE replaces).
 */
export async function upsertItems(
  manager: EntityManager,
  items: readonly ItemRecord[],
  onChunk?: (done: number, total: number) => Promise<void>,
): Promise<UpsertCounts> {
  const counts: UpsertCounts = { created: 0, updated: 0 };
  for (let start = 0; start < items.length; start += CHUNK_ROWS) {
    const chunk = items.slice(start, start + CHUNK_ROWS);
    const rows: { created: boolean }[] = await manager.query(
      `INSERT INTO items (id, title, description, category, tags)
       SELECT id, title, description, category, tags
         FROM jsonb_to_recordset($1::jsonb)
           AS input(id text, title text, description text, category text, tags text[])
       ON CONFLICT (id) DO UPDATE
         SET title = excluded.title, description = excluded.description, category = excluded.category,
             tags = excluded.tags, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [JSON.stringify(chunk)],
    );
    for (const row of rows) {
      if (row.created) counts.created++;
      else counts.updated++;
    }
    await onChunk?.(start + chunk.length, items.length);
  }
  return counts;
}

/** Ids that occur more than once, each with the positions (0-based) where it does. */
export function repeatedIds(items: readonly { id: string }[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  items.forEach((item, index) => positions.set(item.id, [...(positions.get(item.id) ?? []), index]));
  for (const [id, where] of positions) if (where.length === 1) positions.delete(id);
  return positions;
}
