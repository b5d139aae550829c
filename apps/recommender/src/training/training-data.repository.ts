import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Interaction } from '@deepworks/recsys';
import { DataSource } from 'typeorm';
import type { ShopEventType } from '../events/shop-event.entity';
import { aggregateEvents, type StoredEvent } from './interaction.aggregator';
import type { CatalogueEntry } from './training-data.preparation';

export interface TrainingSnapshot {
  catalogue: CatalogueEntry[];
  interactions: Interaction[];
  /** The newest event read ('0' when there are none): serving adds later events on top. */
  lastEventId: string;
  /** The database's clock just before the catalogue was read: serving adds items created since. */
  catalogueAt: string;
  eventCount: number;
}

/** Rows fetched per round trip while reading the event log. */
const EVENT_PAGE = 50_000;

@Injectable()
export class TrainingDataRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The catalogue and every event up to the newest one at the start, paged by id (so events that
   * arrive meanwhile are left for the next run, and none is read twice), aggregated per user–item.
   */
  async snapshot(): Promise<TrainingSnapshot> {
    const [{ last, now }] = (await this.dataSource.query(
      'SELECT coalesce(max(id), 0)::text AS last, now() AS now FROM events',
    )) as { last: string; now: Date }[];
    const catalogue = (await this.dataSource.query(
      'SELECT id, title, description, category, tags FROM items ORDER BY id',
    )) as CatalogueEntry[];
    const events: StoredEvent[] = [];
    let after = '0';
    for (;;) {
      const page = (await this.dataSource.query(
        `SELECT id::text AS id, user_id AS "userId", item_id AS "itemId", type, value,
                extract(epoch FROM occurred_at)::float8 AS "occurredAt"
           FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
        [after, last, EVENT_PAGE],
      )) as (StoredEvent & { id: string; type: ShopEventType })[];
      for (const row of page) events.push(row);
      if (page.length < EVENT_PAGE) break;
      after = page[page.length - 1].id;
    }
    return {
      catalogue,
      interactions: aggregateEvents(events),
      lastEventId: last,
      catalogueAt: now.toISOString(),
      eventCount: events.length,
    };
  }
}
