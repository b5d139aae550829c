import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JsonLogger, PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import { DataSource } from 'typeorm';
import { articleTextProblem } from '../articles/article-text.policy';
import { ArticleStore, type NewArticle } from '../articles/article.store';
import { ScoringQueue } from '../scoring/scoring.queue';
import type { SentimentEnvironment } from '../sentiment.environment';
import { FeedStatusStore } from './feed-status.store';
import { entryText, FeedFormatError, parseFeed } from './feed.parser';

const FEED_EXTENSIONS = new Set(['.xml', '.rss', '.atom']);
/** A feed document larger than this is refused (a news feed is tens of kB). */
export const MAX_FEED_BYTES = 10 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_SOURCE_ID_LENGTH = 256;

/** What one feed gave in one poll. */
export interface FeedPollReport {
  feed: string;
  entries: number;
  stored: number;
  duplicates: number;
  rejected: { entry: number; reason: string }[];
  /** Why the whole feed was skipped this time (unreadable, not a feed). */
  error?: string;
}

/**
 * Reads the configured RSS/Atom feeds — the files of `SENTIMENT_FEED_DIR` and the URLs of
 * `SENTIMENT_FEED_URLS` — every `SENTIMENT_FEED_POLL_MS`, in the worker, and stores their entries as
 * articles (source `feed`, source id `feed:` + the entry's guid/id/link) with their scoring jobs. An entry
 * already stored is skipped by its source id or content hash, so polling again, or from two workers,
 * counts nothing twice; a bad feed or entry is logged and skipped, never stopping the others. Polls never
 * overlap.
 */
@Injectable()
export class FeedPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<FeedPollReport[]> | null = null;
  private readonly environment: SentimentEnvironment;

  constructor(
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ArticleStore,
    private readonly scoring: ScoringQueue,
    private readonly status: FeedStatusStore,
    private readonly logger: JsonLogger,
  ) {
    this.environment = options.environment as SentimentEnvironment;
  }

  onApplicationBootstrap(): void {
    if (this.options.mode !== 'worker' || this.sources().length === 0) return;
    const tick = () => {
      void this.pollOnce().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.environment.SENTIMENT_FEED_POLL_MS);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  onModuleDestroy(): Promise<unknown> | undefined {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.running ?? undefined;
  }

  /** Every configured feed once (the running poll, when one is under way). */
  pollOnce(): Promise<FeedPollReport[]> {
    this.running ??= this.pollAll().finally(() => (this.running = null));
    return this.running;
  }

  private sources(): string[] {
    const folder = this.environment.SENTIMENT_FEED_DIR;
    return [...(folder ? [folder] : []), ...this.feedUrls()];
  }

  private feedUrls(): string[] {
    return this.environment.SENTIMENT_FEED_URLS.split(/[\s,]+/).filter((url) => url !== '');
  }

  private async pollAll(): Promise<FeedPollReport[]> {
    const feeds: string[] = [];
    const folder = this.environment.SENTIMENT_FEED_DIR;
    if (folder) {
      try {
        const names = (await readdir(folder)).filter((name) =>
          FEED_EXTENSIONS.has(extname(name).toLowerCase()),
        );
        feeds.push(...names.sort().map((name) => join(folder, name)));
      } catch (error) {
        this.logger.event(
          'error',
          'feed.folder.unreadable',
          { folder, error: (error as Error).message },
          'FeedPoller',
        );
      }
    }
    feeds.push(...this.feedUrls());
    const reports: FeedPollReport[] = [];
    for (const feed of feeds) {
      const polledAt = new Date();
      const report = await this.pollFeed(feed);
      reports.push(report);
      this.logger.event(report.error ? 'warn' : 'info', 'feed.polled', { ...report }, 'FeedPoller');
      await this.status
        .record(report, polledAt)
        .catch((error: unknown) =>
          this.logger.event('warn', 'feed.status_failed', { feed, error: String(error) }, 'FeedPoller'),
        );
    }
    return reports;
  }

  private async pollFeed(feed: string): Promise<FeedPollReport> {
    const report: FeedPollReport = { feed, entries: 0, stored: 0, duplicates: 0, rejected: [] };
    let parsed;
    try {
      parsed = parseFeed(await readFeed(feed));
    } catch (error) {
      const known = error instanceof FeedFormatError || error instanceof FeedReadError;
      return {
        ...report,
        error: known ? (error as Error).message : `cannot read: ${(error as Error).message}`,
      };
    }
    report.entries = parsed.entries.length + parsed.problems.length;
    report.rejected.push(...parsed.problems);
    const now = new Date();
    const articles: NewArticle[] = [];
    parsed.entries.forEach((entry, index) => {
      const text = entryText(entry);
      const problem = articleTextProblem(text);
      if (problem) {
        report.rejected.push({ entry: index + 1, reason: problem });
        return;
      }
      articles.push({
        sourceId: entry.id === null ? null : feedSourceId(entry.id),
        text,
        publishedAt: entry.publishedAt ?? now,
        labelSentiment: null,
        labelTopic: null,
        tickers: [],
        source: 'feed',
      });
    });
    if (articles.length === 0) return report;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const stored = await this.store.store(manager, articles);
      await this.scoring.enqueue(
        manager,
        stored.stored.map((entry) => entry.id),
      );
      return stored;
    });
    report.stored = outcome.stored.length;
    report.duplicates = outcome.skipped.length;
    return report;
  }
}

class FeedReadError extends Error {}

/** A feed file's or URL's text, refused above MAX_FEED_BYTES. */
async function readFeed(feed: string): Promise<string> {
  if (!/^https?:\/\//i.test(feed)) {
    const { size } = await stat(feed);
    if (size > MAX_FEED_BYTES) throw new FeedReadError(`${size} bytes; at most ${MAX_FEED_BYTES} are read`);
    return readFile(feed, 'utf8');
  }
  const response = await fetch(feed, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new FeedReadError(`HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.length > MAX_FEED_BYTES)
    throw new FeedReadError(`${body.length} bytes; at most ${MAX_FEED_BYTES} are read`);
  return body.toString('utf8');
}

/** `feed:` + the entry id, or its sha256 when that would not fit the column. */
function feedSourceId(id: string): string {
  const sourceId = `feed:${id}`;
  return sourceId.length <= MAX_SOURCE_ID_LENGTH
    ? sourceId
    : `feed:sha256:${createHash('sha256').update(id).digest('hex')}`;
}
