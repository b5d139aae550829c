import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { generateShopData } from '@deepworks/demo-data';
import {
  DEMO_DATA_QUEUE,
  type JobHandler,
  type JobProgressReporter,
  type QueuedJob,
  QueueJob,
  type SeedDemoDataJob,
} from '@deepworks/platform';
import { DataSource, In } from 'typeorm';
import { ItemEntity } from '../catalog/item.entity';
import { ShopEventEntity } from '../catalog/shop-event.entity';

const CHUNK = 1000;

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
      const existing = await manager.countBy(ItemEntity, { id: In(shop.items.map((item) => item.id)) });
      if (existing === shop.items.length) return { items: 0, events: 0, skipped: 'demo shop already loaded' };
      for (let start = 0; start < shop.items.length; start += CHUNK) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(ItemEntity)
          .values(shop.items.slice(start, start + CHUNK))
          .orIgnore()
          .execute();
      }
      for (let start = 0; start < shop.events.length; start += CHUNK) {
        const chunk = shop.events.slice(start, start + CHUNK).map((event) => ({
          userId: event.userId,
          itemId: event.itemId,
          type: event.type,
          value: null,
          occurredAt: new Date(event.occurredAt),
        }));
        await manager.createQueryBuilder().insert().into(ShopEventEntity).values(chunk).execute();
        await progress.report(
          0.1 + (0.9 * (start + chunk.length)) / shop.events.length,
          `stored ${start + chunk.length} events`,
        );
      }
      return { items: shop.items.length, events: shop.events.length };
    });
  }
}
