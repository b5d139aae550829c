import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto } from '@deepworks/platform';
import { ArticlesService } from './articles.service';
import type { ArticleDto } from './dto/article.dto';

@ApiTags('articles')
@ApiSecurity('api-key')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get()
  @ApiOperation({ summary: 'Articles, most recently published first' })
  latest(@Query() page: PageQueryDto): Promise<Page<ArticleDto>> {
    return this.articles.latest(page.limit, page.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One article' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ArticleDto> {
    return this.articles.get(id);
  }
}
