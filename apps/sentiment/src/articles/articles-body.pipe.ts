import { Injectable, type PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ArticlesException, ArticlesExceptionCode } from './articles.exception';
import { ArticleInputDto, MAX_INGEST_BATCH } from './dto/ingest-articles.dto';

/**
 * `POST /articles` takes one article, `{ "articles": [...] }` or a bare array; this pipe turns all three
 * into validated `ArticleInputDto`s (the global ValidationPipe cannot validate a union of shapes).
 */
@Injectable()
export class ArticlesBodyPipe implements PipeTransform<unknown, ArticleInputDto[]> {
  transform(body: unknown): ArticleInputDto[] {
    const items = itemsOf(body);
    if (items.length === 0) {
      throw new ArticlesException(ArticlesExceptionCode.EmptyBatch, 'The request holds no article');
    }
    if (items.length > MAX_INGEST_BATCH) {
      throw new ArticlesException(
        ArticlesExceptionCode.BatchTooLarge,
        `A batch holds at most ${MAX_INGEST_BATCH} articles; got ${items.length}`,
        { limit: MAX_INGEST_BATCH, received: items.length },
      );
    }
    const problems: string[] = [];
    const articles = items.map((item, index) => {
      const prefix = Array.isArray(body) || isBatch(body) ? `articles[${index}].` : '';
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        problems.push(`${prefix.slice(0, -1) || 'body'} must be an object`);
        return new ArticleInputDto();
      }
      const article = plainToInstance(ArticleInputDto, item);
      const errors = validateSync(article, { whitelist: true, forbidNonWhitelisted: true });
      problems.push(...flatten(errors).map((message) => `${prefix}${message}`));
      return article;
    });
    if (problems.length > 0) {
      throw new ArticlesException(
        ArticlesExceptionCode.ValidationFailed,
        `The request is invalid: ${problems.join('; ')}`,
        { problems },
      );
    }
    return articles;
  }
}

function isBatch(body: unknown): body is { articles: unknown } {
  return typeof body === 'object' && body !== null && 'articles' in body;
}

function itemsOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (isBatch(body)) {
    const extra = Object.keys(body).filter((key) => key !== 'articles');
    if (!Array.isArray(body.articles) || extra.length > 0) {
      throw new ArticlesException(
        ArticlesExceptionCode.ValidationFailed,
        'A batch is { "articles": [ ... ] } and nothing else',
      );
    }
    return body.articles as unknown[];
  }
  if (typeof body !== 'object' || body === null) {
    throw new ArticlesException(
      ArticlesExceptionCode.ValidationFailed,
      'The body must be an article, { "articles": [...] } or an array of articles',
    );
  }
  return [body];
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}
