import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum TrainingExceptionCode {
  NotEnoughLabelledArticles = 'NOT_ENOUGH_LABELLED_ARTICLES',
}

const KIND: Record<TrainingExceptionCode, DomainErrorKind> = {
  [TrainingExceptionCode.NotEnoughLabelledArticles]: 'unprocessable',
};

export class TrainingException extends DomainException {
  constructor(code: TrainingExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
