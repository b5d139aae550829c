import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Page } from '@deepworks/platform';
import { DataSource, Repository } from 'typeorm';
import { CatalogException, CatalogExceptionCode } from './catalog.exception';
import { ItemDto } from './dto/item.dto';
import { type ItemInputDto, toItemRecord, type UpsertItemsResultDto } from './dto/item-input.dto';
import { ItemEntity } from './item.entity';
import { repeatedIds, upsertItems } from './item-upsert.query';

@Injectable()
export class CatalogService {
  constructor(
    @InjectRepository(ItemEntity) private readonly items: Repository<ItemEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(limit: number, offset: number): Promise<Page<ItemDto>> {
    const [items, total] = await this.items.findAndCount({ order: { id: 'ASC' }, take: limit, skip: offset });
    return { items: items.map(ItemDto.from), total, limit, offset };
  }

  async get(id: string): Promise<ItemDto> {
    const item = await this.items.findOneBy({ id });
    if (!item) throw new CatalogException(CatalogExceptionCode.ItemNotFound, `No item "${id}"`, { id });
    return ItemDto.from(item);
  }

  /** Creates or replaces every item of the batch in one transaction: all of them, or none. */
  async upsert(inputs: readonly ItemInputDto[]): Promise<UpsertItemsResultDto> {
    const repeated = repeatedIds(inputs);
    if (repeated.size > 0) {
      throw new CatalogException(
        CatalogExceptionCode.DuplicateItemIds,
        `The batch names an item more than once: ${[...repeated.keys()].slice(0, 10).join(', ')}`,
        { ids: Object.fromEntries(repeated) },
      );
    }
    const records = inputs.map(toItemRecord);
    const counts = await this.dataSource.transaction((manager) => upsertItems(manager, records));
    return { received: records.length, ...counts };
  }
}
