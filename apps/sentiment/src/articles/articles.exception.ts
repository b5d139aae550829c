import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum ArticlesExceptionCode {
  ArticleNotFound = 'ARTICLE_NOT_FOUND',
}

const KIND: Record<ArticlesExceptionCode, DomainErrorKind> = {
  [ArticlesExceptionCode.ArticleNotFound]: 'not_found',
};

export class ArticlesException extends DomainException {
  constructor(code: ArticlesExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
