import type { TEST_API_KEYS } from '@deepworks/platform/testing';
import type { AppName } from '../../support/service-process';

/** What kind of hostility a case carries; the summary counts cases per category. */
export const HOSTILE_CATEGORIES = [
  'malformed-json',
  'prototype-pollution',
  'wrong-type',
  'unknown-field',
  'huge-body',
  'deep-nesting',
  'invalid-utf8',
  'sql-injection',
  'template-injection',
  'path-traversal',
  'image-bomb',
  'dicom-bomb',
  'archive-bomb',
  'truncated-file',
  'not-an-image',
  'multipart',
  'content-type',
  'auth',
  'missing-target',
  'wrong-route',
] as const;
export type HostileCategory = (typeof HOSTILE_CATEGORIES)[number];

export type Role = keyof typeof TEST_API_KEYS;

/** A body too large to hold as one string: produced chunk by chunk while it is sent (chunked encoding). */
export interface StreamedBody {
  kind: 'stream';
  /** Total bytes the chunks add up to (for the summary). */
  bytes: number;
  chunks(): AsyncIterable<Buffer>;
}

export type HostileBody = string | Buffer | StreamedBody;

/** One request a correct service must refuse with a 4xx, change nothing for, and survive. */
export interface HostileCase {
  /** Unique; KNOWN_FAILURES names cases by it. */
  name: string;
  category: HostileCategory;
  service: AppName;
  method: string;
  /** Sent byte for byte (no URL normalisation), so `..`, `%2e` and `%00` reach the server as written. */
  path: string;
  headers: Record<string, string>;
  body?: HostileBody;
}

/** What a corpus needs from the seeded state: ids of rows that exist before the corpus runs. */
export interface SeededFixtures {
  /** A catalogue item of the recommender. */
  itemId: string;
  /** A stored sentiment article. */
  articleId: string;
  /** A stored triage study, and its study reference. */
  studyId: string;
  studyRef: string;
}
