import type { CatalogueItem, Interaction } from '../interactions/interaction';
import { splitPlainRows } from './delimited-text.parser';
import { InteractionFormatError } from './interaction-format.error';
import { csvRowsOrThrow, interactionFromFields, RowProblemLog } from './row-fields';

/** Genre flag columns of ML-100K `u.item`, in order (the dataset's own `u.genre`). */
const ML100K_GENRES = [
  'unknown',
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

/** ML-100K `u.data`: `user \t item \t rating \t timestamp`, no header. */
export function parseMovieLens100kRatings(text: string, source = 'u.data'): Interaction[] {
  return parseSeparatedRatings(text, '\t', source);
}

/** ML-1M `ratings.dat`: `UserID::MovieID::Rating::Timestamp`, no header. */
export function parseMovieLens1mRatings(text: string, source = 'ratings.dat'): Interaction[] {
  return parseSeparatedRatings(text, '::', source);
}

function parseSeparatedRatings(text: string, separator: string, source: string): Interaction[] {
  const log = new RowProblemLog(source);
  const interactions: Interaction[] = [];
  for (const { line, fields } of splitPlainRows(text, separator)) {
    if (fields.length !== 4) {
      log.add(line, `expected 4 fields separated by ${JSON.stringify(separator)}, got ${fields.length}`);
      continue;
    }
    const interaction = interactionFromFields(log, line, fields[0], fields[1], fields[2], fields[3]);
    if (interaction) interactions.push(interaction);
  }
  log.throwIfAny();
  return interactions;
}

/**
 * ML-100K `u.item` (decode the file as latin1): `id|title|release date|video release date|IMDb URL|`
 * then 19 genre flags. Text = title and genres.
 */
export function parseMovieLens100kItems(text: string, source = 'u.item'): CatalogueItem[] {
  const log = new RowProblemLog(source);
  const items: CatalogueItem[] = [];
  const columns = 5 + ML100K_GENRES.length;
  for (const { line, fields } of splitPlainRows(text, '|')) {
    if (fields.length !== columns) {
      log.add(line, `expected ${columns} "|"-separated fields, got ${fields.length}`);
      continue;
    }
    const flags = fields.slice(5);
    const badFlag = flags.findIndex((flag) => flag !== '0' && flag !== '1');
    if (badFlag >= 0) {
      log.add(line, `genre flag ${badFlag + 1} is "${flags[badFlag]}", not 0 or 1`);
      continue;
    }
    const id = fields[0].trim();
    if (id === '') {
      log.add(line, 'empty movie id');
      continue;
    }
    const tags = ML100K_GENRES.filter((_, index) => flags[index] === '1');
    items.push(movie(id, fields[1].trim(), tags));
  }
  log.throwIfAny();
  return items;
}

/** ML-1M `movies.dat` (latin1): `MovieID::Title::Genres`, genres separated by `|`. */
export function parseMovieLens1mItems(text: string, source = 'movies.dat'): CatalogueItem[] {
  const log = new RowProblemLog(source);
  const items: CatalogueItem[] = [];
  for (const { line, fields } of splitPlainRows(text, '::')) {
    if (fields.length !== 3 || fields[0].trim() === '') {
      log.add(line, `expected 3 "::"-separated fields with a movie id, got ${fields.length}`);
      continue;
    }
    items.push(movie(fields[0].trim(), fields[1].trim(), splitGenres(fields[2])));
  }
  log.throwIfAny();
  return items;
}

/** ml-latest(-small) `ratings.csv`: header `userId,movieId,rating,timestamp`. */
export function parseMovieLensLatestRatings(text: string, source = 'ratings.csv'): Interaction[] {
  const log = new RowProblemLog(source);
  const rows = csvRowsOrThrow(text, source);
  expectHeader(rows[0]?.fields, ['userId', 'movieId', 'rating', 'timestamp'], source);
  const interactions: Interaction[] = [];
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== 4) {
      log.add(line, `expected 4 fields, got ${fields.length}`);
      continue;
    }
    const interaction = interactionFromFields(log, line, fields[0], fields[1], fields[2], fields[3]);
    if (interaction) interactions.push(interaction);
  }
  log.throwIfAny();
  return interactions;
}

/** ml-latest(-small) `movies.csv`: header `movieId,title,genres`, titles quoted when they hold commas. */
export function parseMovieLensLatestItems(text: string, source = 'movies.csv'): CatalogueItem[] {
  const log = new RowProblemLog(source);
  const rows = csvRowsOrThrow(text, source);
  expectHeader(rows[0]?.fields, ['movieId', 'title', 'genres'], source);
  const items: CatalogueItem[] = [];
  for (const { line, fields } of rows.slice(1)) {
    if (fields.length !== 3 || fields[0].trim() === '') {
      log.add(line, `expected 3 fields with a movie id, got ${fields.length}`);
      continue;
    }
    items.push(movie(fields[0].trim(), fields[1].trim(), splitGenres(fields[2])));
  }
  log.throwIfAny();
  return items;
}

function expectHeader(header: string[] | undefined, expected: readonly string[], source: string): void {
  const found = (header ?? []).map((name) => name.trim());
  if (found.length !== expected.length || found.some((name, index) => name !== expected[index])) {
    throw new InteractionFormatError(source, [
      { line: 1, message: `expected the header "${expected.join(',')}", got "${found.join(',')}"` },
    ]);
  }
}

function splitGenres(field: string): string[] {
  const trimmed = field.trim();
  // ml-latest writes "(no genres listed)" for a movie without genres.
  if (trimmed === '' || trimmed === '(no genres listed)') return [];
  return trimmed.split('|').map((genre) => genre.trim());
}

function movie(id: string, title: string, tags: string[]): CatalogueItem {
  return { id, title, text: tags.length > 0 ? `${title}. ${tags.join(', ')}` : title, tags };
}
