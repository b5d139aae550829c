import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FeedStatusDto } from './dto/feed-status.dto';
import type { FeedPollReport } from './feed.poller';

interface FeedStatusRow {
  feed: string;
  polled_at: Date;
  error: string | null;
  entries: number;
  stored: number;
  duplicates: number;
  rejected: number;
  stored_total: string;
  last_ok_at: Date | null;
}

/**
 * The last poll of every feed, one row each (`feed_status`): written by the worker after each feed,
 * read by the API. A feed URL is shown without its user name and password.
 */
@Injectable()
export class FeedStatusStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(report: FeedPollReport, polledAt: Date): Promise<void> {
    const ok = report.error === undefined;
    await this.dataSource.query(
      `INSERT INTO feed_status AS status
         (feed, polled_at, error, entries, stored, duplicates, rejected, stored_total, last_ok_at)
       VALUES ($1, $2::timestamptz, $3, $4, $5::integer, $6, $7, $5::integer, CASE WHEN $8 THEN $2::timestamptz END)
       ON CONFLICT (feed) DO UPDATE SET
         polled_at = excluded.polled_at, error = excluded.error, entries = excluded.entries,
         stored = excluded.stored, duplicates = excluded.duplicates, rejected = excluded.rejected,
         stored_total = status.stored_total + excluded.stored,
         last_ok_at = coalesce(excluded.last_ok_at, status.last_ok_at)`,
      [
        displayedFeed(report.feed),
        polledAt,
        report.error ?? null,
        report.entries,
        report.stored,
        report.duplicates,
        report.rejected.length,
        ok,
      ],
    );
  }

  async list(): Promise<FeedStatusDto[]> {
    const rows: FeedStatusRow[] = await this.dataSource.query('SELECT * FROM feed_status ORDER BY feed');
    return rows.map((row) => ({
      feed: row.feed,
      ok: row.error === null,
      error: row.error,
      polledAt: row.polled_at.toISOString(),
      lastOkAt: row.last_ok_at?.toISOString() ?? null,
      entries: row.entries,
      stored: row.stored,
      duplicates: row.duplicates,
      rejected: row.rejected,
      storedTotal: Number(row.stored_total),
    }));
  }
}

/** A URL's credentials never leave the worker's configuration. */
function displayedFeed(feed: string): string {
  if (!/^https?:\/\//i.test(feed)) return feed;
  try {
    const url = new URL(feed);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return feed;
  }
}
