import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOperation, ApiSecurity, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { type Page, PageQueryDto, RequireRole } from '@deepworks/platform';
import { SingleOrBatchPipe } from '../http/single-or-batch.pipe';
import { CatalogService } from './catalog.service';
import type { ItemDto } from './dto/item.dto';
import { ItemBatchDto, ItemInputDto, type UpsertItemsResultDto } from './dto/item-input.dto';

/** Typed as an interface so that the global pipe leaves the body to SingleOrBatchPipe. */
interface ItemBatch {
  items: ItemInputDto[];
}

@ApiTags('catalog')
@ApiSecurity('api-key')
@Controller('items')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({ summary: 'Catalogue items, by id' })
  list(@Query() page: PageQueryDto): Promise<Page<ItemDto>> {
    return this.catalog.list(page.limit, page.offset);
  }

  @Post()
  @HttpCode(200)
  @RequireRole('writer')
  @ApiOperation({ summary: 'Create or replace one item, or a batch of up to 1,000 (all or nothing)' })
  @ApiExtraModels(ItemInputDto, ItemBatchDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(ItemInputDto) }, { $ref: getSchemaPath(ItemBatchDto) }] },
  })
  upsert(
    @Body(new SingleOrBatchPipe(ItemInputDto, ItemBatchDto, 'items')) body: ItemBatch,
  ): Promise<UpsertItemsResultDto> {
    return this.catalog.upsert(body.items);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One catalogue item' })
  get(@Param('id') id: string): Promise<ItemDto> {
    return this.catalog.get(id);
  }
}
