import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogueItem, Interaction } from '../interactions/interaction';
import { compareIds, type DatasetSplit } from './dataset-split';

export interface SplitFiles {
  train: string;
  validation: string;
  test: string;
  /** `user,item` rows of the sampled negatives, when the split has them. */
  negatives?: string;
  /** `id,title,tags` rows of the catalogue, when it was given. */
  items?: string;
}

/**
 * Writes a split as `train.csv`, `valid.csv`, `test.csv` (header `user,item,rating,timestamp`; a
 * missing rating or timestamp is an empty field), `negatives.csv` (`user,item`) and the catalogue
 * as `items.csv` (`id,title,tags`, tags joined by `|`), so that an outside
 * tool (the numpy EASE peer, RecBole's atomic files after renaming) replays exactly the same split.
 */
export function writeSplitFiles(
  split: DatasetSplit,
  folder: string,
  catalogue: readonly CatalogueItem[] = [],
): SplitFiles {
  mkdirSync(folder, { recursive: true });
  const files: SplitFiles = {
    train: join(folder, 'train.csv'),
    validation: join(folder, 'valid.csv'),
    test: join(folder, 'test.csv'),
  };
  writeFileSync(files.train, interactionsCsv(split.train));
  writeFileSync(files.validation, interactionsCsv(split.validation));
  writeFileSync(files.test, interactionsCsv(split.test));
  if (split.negatives) {
    files.negatives = join(folder, 'negatives.csv');
    const rows = [...split.negatives.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .flatMap(([user, items]) => items.map((item) => `${csvField(user)},${csvField(item)}`));
    writeFileSync(files.negatives, ['user,item', ...rows].join('\n') + '\n');
  }
  if (catalogue.length > 0) {
    files.items = join(folder, 'items.csv');
    const rows = [...catalogue]
      .sort((a, b) => compareIds(a.id, b.id))
      .map(({ id, title, tags }) => [id, title, tags.join('|')].map(csvField).join(','));
    writeFileSync(files.items, ['id,title,tags', ...rows].join('\n') + '\n');
  }
  return files;
}

/** The CSV text of interactions, header `user,item,rating,timestamp`. */
export function interactionsCsv(interactions: readonly Interaction[]): string {
  const rows = interactions.map(
    ({ user, item, rating, timestamp }) =>
      `${csvField(user)},${csvField(item)},${rating ?? ''},${timestamp ?? ''}`,
  );
  return ['user,item,rating,timestamp', ...rows].join('\n') + '\n';
}

/** RFC 4180: quoted (quotes doubled) when it holds a comma, quote or line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
