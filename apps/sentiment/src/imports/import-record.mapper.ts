import { LabelMap, LabelMapError } from '@deepworks/text';
import type { SentimentLabel } from '../articles/article.entity';
import type { NewArticle } from '../articles/article.store';
import { articleTextProblem } from '../articles/article-text.policy';

export type ImportFormat = 'csv' | 'jsonl';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['csv', 'jsonl'];

/** Which CSV column holds what (JSONL records use the field names of `POST /articles`). */
export interface ImportColumns {
  text: string;
  sourceId?: string;
  publishedAt?: string;
  label?: string;
  topic?: string;
  /** Tickers separated by spaces, commas or semicolons. */
  tickers?: string;
}

const TICKER = /^[A-Z][A-Z0-9.-]{0,11}$/;
const labels = LabelMap.sentiment();

/** A mapped record, or why it cannot be stored. */
export type MappedRecord = { article: NewArticle } | { problem: string };

/** One CSV row (column name → value) as an article to store. */
export function mapCsvRecord(
  values: Record<string, string>,
  columns: ImportColumns,
  now: Date,
): MappedRecord {
  const pick = (column: string | undefined) => (column ? (values[column] ?? '').trim() : '');
  return mapFields(
    {
      text: values[columns.text] ?? '',
      sourceId: pick(columns.sourceId),
      publishedAt: pick(columns.publishedAt),
      label: pick(columns.label),
      topic: pick(columns.topic),
      tickers: pick(columns.tickers)
        .split(/[\s,;]+/)
        .filter((ticker) => ticker !== ''),
    },
    now,
  );
}

/** One JSONL value (`{ "text", "sourceId", "publishedAt", "label", "topic", "tickers" }`) as an article. */
export function mapJsonRecord(value: unknown, now: Date): MappedRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: 'a record must be a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const text = record.text;
  if (typeof text !== 'string') return { problem: 'text must be a string' };
  const optionalString = (key: string): string | { problem: string } => {
    const field = record[key];
    if (field === undefined || field === null) return '';
    return typeof field === 'string' ? field.trim() : { problem: `${key} must be a string` };
  };
  const fields = { text } as { text: string } & Record<
    'sourceId' | 'publishedAt' | 'label' | 'topic',
    string
  >;
  for (const key of ['sourceId', 'publishedAt', 'label', 'topic'] as const) {
    const field = optionalString(key);
    if (typeof field !== 'string') return field;
    fields[key] = field;
  }
  const tickers = record.tickers ?? [];
  if (!Array.isArray(tickers) || !tickers.every((ticker) => typeof ticker === 'string')) {
    return { problem: 'tickers must be an array of strings' };
  }
  return mapFields({ ...fields, tickers: tickers as string[] }, now);
}

function mapFields(
  fields: {
    text: string;
    sourceId: string;
    publishedAt: string;
    label: string;
    topic: string;
    tickers: string[];
  },
  now: Date,
): MappedRecord {
  const problem = articleTextProblem(fields.text);
  if (problem) return { problem };
  if (fields.sourceId.length > 256) return { problem: 'source id is longer than 256 characters' };
  let publishedAt = now;
  if (fields.publishedAt !== '') {
    publishedAt = new Date(fields.publishedAt);
    if (Number.isNaN(publishedAt.getTime()))
      return { problem: `publishedAt "${fields.publishedAt}" is not a date` };
  }
  let label: SentimentLabel | null = null;
  if (fields.label !== '') {
    try {
      label = labels.map(fields.label) as SentimentLabel;
    } catch (error) {
      if (error instanceof LabelMapError) return { problem: error.message };
      throw error;
    }
  }
  if (fields.topic.length > 64) return { problem: 'topic is longer than 64 characters' };
  const badTicker = fields.tickers.find((ticker) => !TICKER.test(ticker));
  if (badTicker !== undefined) return { problem: `ticker "${badTicker}" must look like AAPL or BRK.B` };
  return {
    article: {
      sourceId: fields.sourceId === '' ? null : fields.sourceId,
      text: fields.text,
      publishedAt,
      labelSentiment: label,
      labelTopic: fields.topic === '' ? null : fields.topic,
      tickers: [...new Set(fields.tickers)],
      source: 'import',
    },
  };
}
