import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum RecommendationsExceptionCode {
  NoActiveModel = 'NO_ACTIVE_MODEL',
  ItemNotFound = 'ITEM_NOT_FOUND',
}

const KIND: Record<RecommendationsExceptionCode, DomainErrorKind> = {
  [RecommendationsExceptionCode.NoActiveModel]: 'conflict',
  [RecommendationsExceptionCode.ItemNotFound]: 'not_found',
};

export class RecommendationsException extends DomainException {
  constructor(code: RecommendationsExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
