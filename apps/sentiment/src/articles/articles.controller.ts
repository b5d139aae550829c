import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type Page, PageQueryDto, RequireRole } from '@deepworks/platform';
import { ArticlesBodyPipe } from './articles-body.pipe';
import { ArticlesService } from './articles.service';
import type { ArticleDto } from './dto/article.dto';
import { ArticleInputDto, type IngestResultDto } from './dto/ingest-articles.dto';

@ApiTags('articles')
@ApiSecurity('api-key')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Post()
  @HttpCode(202)
  @RequireRole('writer')
  @ApiOperation({
    summary: 'Store one article or a batch of up to 500 ({ "articles": [...] }); the worker scores them',
  })
  @ApiBody({ type: ArticleInputDto })
  ingest(@Body(ArticlesBodyPipe) articles: ArticleInputDto[]): Promise<IngestResultDto> {
    return this.articles.ingest(articles);
  }

  @Get()
  @ApiOperation({ summary: 'Articles with their scores, most recently published first' })
  latest(@Query() page: PageQueryDto): Promise<Page<ArticleDto>> {
    return this.articles.latest(page.limit, page.offset);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One article' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<ArticleDto> {
    return this.articles.get(id);
  }
}
