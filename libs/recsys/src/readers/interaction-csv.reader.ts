import type { CatalogueItem, Interaction } from '../interactions/interaction';
import { InteractionFormatError } from './interaction-format.error';
import { csvRowsOrThrow, interactionFromFields, RowProblemLog } from './row-fields';

/**
 * Generic interactions CSV: a header naming `user` and `item` (required) and optionally `rating` and
 * `timestamp` (epoch seconds or ISO 8601), in any order, case-insensitive; other columns are ignored.
 * This is the layout the split writers produce and the numpy EASE peer reads.
 */
export function parseInteractionCsv(text: string, source = 'interactions.csv'): Interaction[] {
  const rows = csvRowsOrThrow(text, source);
  const columns = headerColumns(rows[0]?.fields, source, ['user', 'item'], ['rating', 'timestamp']);
  const log = new RowProblemLog(source);
  const interactions: Interaction[] = [];
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== columns.width) {
      log.add(line, `expected ${columns.width} fields like the header, got ${fields.length}`);
      continue;
    }
    const interaction = interactionFromFields(
      log,
      line,
      fields[columns.index.user],
      fields[columns.index.item],
      columns.index.rating === undefined ? undefined : fields[columns.index.rating],
      columns.index.timestamp === undefined ? undefined : fields[columns.index.timestamp],
    );
    if (interaction) interactions.push(interaction);
  }
  log.throwIfAny();
  return interactions;
}

/**
 * Generic items CSV: `id` (or `item`) required; `title`, `text` (or `description`) and `tags` (or
 * `genres`, `category`; values separated by `|` or `;`) optional. Text defaults to the title.
 */
export function parseItemCsv(text: string, source = 'items.csv'): CatalogueItem[] {
  const rows = csvRowsOrThrow(text, source);
  const header = (rows[0]?.fields ?? []).map((name) => name.trim().toLowerCase());
  const find = (...names: string[]): number | undefined => {
    const index = header.findIndex((name) => names.includes(name));
    return index < 0 ? undefined : index;
  };
  const idColumn = find('id', 'item');
  if (idColumn === undefined) {
    throw new InteractionFormatError(source, [
      { line: 1, message: 'the header names no "id" (or "item") column' },
    ]);
  }
  const titleColumn = find('title', 'name');
  const textColumn = find('text', 'description');
  const tagsColumn = find('tags', 'genres', 'category');
  const log = new RowProblemLog(source);
  const items: CatalogueItem[] = [];
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== header.length) {
      log.add(line, `expected ${header.length} fields like the header, got ${fields.length}`);
      continue;
    }
    const id = fields[idColumn].trim();
    if (id === '') {
      log.add(line, 'empty item id');
      continue;
    }
    const title = titleColumn === undefined ? id : fields[titleColumn].trim();
    const body = textColumn === undefined ? '' : fields[textColumn].trim();
    const tags =
      tagsColumn === undefined
        ? []
        : fields[tagsColumn]
            .split(/[|;]/)
            .map((tag) => tag.trim())
            .filter((tag) => tag !== '');
    items.push({ id, title, text: body === '' ? title : `${title}. ${body}`, tags });
  }
  log.throwIfAny();
  return items;
}

interface HeaderColumns<Required extends string, Optional extends string> {
  width: number;
  index: Record<Required, number> & Partial<Record<Optional, number>>;
}

function headerColumns<Required extends string, Optional extends string>(
  header: string[] | undefined,
  source: string,
  required: readonly Required[],
  optional: readonly Optional[],
): HeaderColumns<Required, Optional> {
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  const missing = required.filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new InteractionFormatError(source, [
      {
        line: 1,
        message: `the header must name the columns ${required.join(', ')} (missing ${missing.join(', ')}); got "${names.join(',')}"`,
      },
    ]);
  }
  const index = {} as Record<string, number>;
  for (const name of [...required, ...optional]) {
    const position = names.indexOf(name);
    if (position >= 0) index[name] = position;
  }
  return { width: names.length, index: index as HeaderColumns<Required, Optional>['index'] };
}
