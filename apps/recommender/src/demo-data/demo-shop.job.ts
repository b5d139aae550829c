import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateShopData } from '@deepworks/demo-data';
import {
  DEMO_DATA_QUEUE,
  insertInChunks,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  type SeedDemoDataJob,
} from '@deepworks/platform';
import { DataSource, In } from 'typeorm';
import { ItemEntity } from '../catalog/item.entity';
import { ShopEventEntity } from '../events/shop-event.entity';

/** Loads a generated shop in one transaction: all of it, or nothing if the job dies half-way. */
@Injectable()
@QueueJob(DEMO_DATA_QUEUE, { retryLimit: 2, expireInSeconds: 600 })
export class DemoShopJob implements JobHandler<SeedDemoDataJob> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async handle(job: QueuedJob<SeedDemoDataJob>, progress: JobProgressReporter) {
    const shop = generateShopData({
      seed: job.data.seed,
      items: job.data.size,
      users: Math.ceil(job.data.size / 2),
    });
    await progress.report(0.1, `generated ${shop.items.length} items and ${shop.events.length} events`);
    return this.dataSource.transaction(async (manager) => {
      // Events have no natural key, so a shop already loaded is left alone rather than merged.
      const existing = await manager.countBy(ItemEntity, { id: In(shop.items.map((item) => item.id)) });
      if (existing === shop.items.length) return { items: 0, events: 0, skipped: 'demo shop already loaded' };
      const items = await insertInChunks(manager, ItemEntity, shop.items, { skipDuplicates: true });
      const events = await insertInChunks(
        manager,
        ShopEventEntity,
        shop.events.map((event) => ({ ...event, value: null, occurredAt: new Date(event.occurredAt) })),
        { onChunk: (done, total) => progress.report(0.1 + (0.9 * done) / total, `stored ${done} events`) },
      );
      return { items, events };
    });
  }
}
