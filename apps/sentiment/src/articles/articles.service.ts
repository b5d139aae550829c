import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Page } from '@deepworks/platform';
import { Repository } from 'typeorm';
import { ArticleEntity } from './article.entity';
import { ArticlesException, ArticlesExceptionCode } from './articles.exception';
import { ArticleDto } from './dto/article.dto';

@Injectable()
export class ArticlesService {
  constructor(@InjectRepository(ArticleEntity) private readonly articles: Repository<ArticleEntity>) {}

  async latest(limit: number, offset: number): Promise<Page<ArticleDto>> {
    const [articles, total] = await this.articles.findAndCount({
      order: { publishedAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: articles.map(ArticleDto.from), total, limit, offset };
  }

  async get(id: string): Promise<ArticleDto> {
    const article = await this.articles.findOneBy({ id });
    if (!article)
      throw new ArticlesException(ArticlesExceptionCode.ArticleNotFound, `No article ${id}`, { id });
    return ArticleDto.from(article);
  }
}
