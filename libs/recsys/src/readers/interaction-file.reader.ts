import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CatalogueItem, Interaction } from '../interactions/interaction';
import { parseInteractionCsv, parseItemCsv } from './interaction-csv.reader';
import {
  parseMovieLens100kItems,
  parseMovieLens100kRatings,
  parseMovieLens1mItems,
  parseMovieLens1mRatings,
  parseMovieLensLatestItems,
  parseMovieLensLatestRatings,
} from './movielens.reader';

export const INTERACTION_FORMATS = ['ml-100k', 'ml-1m', 'ml-latest', 'csv'] as const;
export type InteractionFormat = (typeof INTERACTION_FORMATS)[number];

/** A dataset folder's interactions and catalogue. */
export interface InteractionDataset {
  format: InteractionFormat;
  interactions: Interaction[];
  items: CatalogueItem[];
}

/**
 * The layout of an interactions file, from its first line: a header naming `user` and `item` is the
 * generic CSV; `userId,movieId,…` ml-latest; `1::1193::5::…` ML-1M; four tab-separated numbers ML-100K
 * (`u.data`, and its official splits `u1.base` … `ub.test`).
 */
export function detectInteractionFormat(path: string): InteractionFormat {
  const firstLine = readFileSync(path, 'latin1').slice(0, 4096).split(/\r?\n/, 1)[0] ?? '';
  if (/^userId,movieId(,|$)/.test(firstLine)) return 'ml-latest';
  if (/^\d+::\d+::/.test(firstLine)) return 'ml-1m';
  if (/^\d+\t\d+\t[\d.]+\t\d+$/.test(firstLine)) return 'ml-100k';
  return 'csv';
}

/** Ratings/interactions of one file in the given layout (ML-100K and ML-1M files are latin1). */
export function readInteractionsFile(path: string, format: InteractionFormat = 'csv'): Interaction[] {
  const source = basename(path);
  switch (format) {
    case 'ml-100k':
      return parseMovieLens100kRatings(readFileSync(path, 'latin1'), source);
    case 'ml-1m':
      return parseMovieLens1mRatings(readFileSync(path, 'latin1'), source);
    case 'ml-latest':
      return parseMovieLensLatestRatings(readFileSync(path, 'utf8'), source);
    case 'csv':
      return parseInteractionCsv(readFileSync(path, 'utf8'), source);
    default:
      return unknownFormat(format);
  }
}

/** Catalogue of one file in the given layout. */
export function readItemsFile(path: string, format: InteractionFormat = 'csv'): CatalogueItem[] {
  const source = basename(path);
  switch (format) {
    case 'ml-100k':
      return parseMovieLens100kItems(readFileSync(path, 'latin1'), source);
    case 'ml-1m':
      return parseMovieLens1mItems(readFileSync(path, 'latin1'), source);
    case 'ml-latest':
      return parseMovieLensLatestItems(readFileSync(path, 'utf8'), source);
    case 'csv':
      return parseItemCsv(readFileSync(path, 'utf8'), source);
    default:
      return unknownFormat(format);
  }
}

/** Files of each MovieLens release, in the order they are looked for in a folder. */
const MOVIELENS_FILES: readonly { format: InteractionFormat; ratings: string; items: string }[] = [
  { format: 'ml-100k', ratings: 'u.data', items: 'u.item' },
  { format: 'ml-1m', ratings: 'ratings.dat', items: 'movies.dat' },
  { format: 'ml-latest', ratings: 'ratings.csv', items: 'movies.csv' },
];

/** A MovieLens folder (ML-100K, ML-1M or ml-latest[-small]), recognised by its file names. */
export function readMovieLensFolder(folder: string): InteractionDataset {
  const release = MOVIELENS_FILES.find((candidate) => existsSync(join(folder, candidate.ratings)));
  if (!release) {
    const names = MOVIELENS_FILES.map((candidate) => candidate.ratings).join(', ');
    throw new Error(`${folder} holds none of the MovieLens rating files (${names})`);
  }
  const itemsPath = join(folder, release.items);
  return {
    format: release.format,
    interactions: readInteractionsFile(join(folder, release.ratings), release.format),
    items: existsSync(itemsPath) ? readItemsFile(itemsPath, release.format) : [],
  };
}

function unknownFormat(format: never): never {
  throw new Error(`unknown format "${String(format)}"; expected one of ${INTERACTION_FORMATS.join(', ')}`);
}
