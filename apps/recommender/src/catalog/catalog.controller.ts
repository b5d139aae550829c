import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto } from '@deepworks/platform';
import { CatalogService } from './catalog.service';
import type { ItemDto } from './dto/item.dto';

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

  @Get(':id')
  @ApiOperation({ summary: 'One catalogue item' })
  get(@Param('id') id: string): Promise<ItemDto> {
    return this.catalog.get(id);
  }
}
