import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Page } from '@deepworks/platform';
import { Repository } from 'typeorm';
import { CatalogException, CatalogExceptionCode } from './catalog.exception';
import { ItemDto } from './dto/item.dto';
import { ItemEntity } from './item.entity';

@Injectable()
export class CatalogService {
  constructor(@InjectRepository(ItemEntity) private readonly items: Repository<ItemEntity>) {}

  async list(limit: number, offset: number): Promise<Page<ItemDto>> {
    const [items, total] = await this.items.findAndCount({ order: { id: 'ASC' }, take: limit, skip: offset });
    return { items: items.map(ItemDto.from), total, limit, offset };
  }

  async get(id: string): Promise<ItemDto> {
    const item = await this.items.findOneBy({ id });
    if (!item) throw new CatalogException(CatalogExceptionCode.ItemNotFound, `No item "${id}"`, { id });
    return ItemDto.from(item);
  }
}
