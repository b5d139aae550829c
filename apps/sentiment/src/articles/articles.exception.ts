import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum ArticlesExceptionCode {
  ArticleNotFound = 'ARTICLE_NOT_FOUND',
  ValidationFailed = 'VALIDATION_FAILED',
  EmptyBatch = 'EMPTY_BATCH',
  BatchTooLarge = 'BATCH_TOO_LARGE',
  TextRejected = 'ARTICLE_TEXT_REJECTED',
}

const KIND: Record<ArticlesExceptionCode, DomainErrorKind> = {
  [ArticlesExceptionCode.ArticleNotFound]: 'not_found',
  [ArticlesExceptionCode.ValidationFailed]: 'invalid',
  [ArticlesExceptionCode.EmptyBatch]: 'invalid',
  [ArticlesExceptionCode.BatchTooLarge]: 'invalid',
  [ArticlesExceptionCode.TextRejected]: 'unprocessable',
};

export class ArticlesException extends DomainException {
  constructor(code: ArticlesExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
