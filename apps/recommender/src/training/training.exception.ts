import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum TrainingExceptionCode {
  UnknownParameters = 'UNKNOWN_MODEL_PARAMETERS',
  RunNotFound = 'TRAINING_RUN_NOT_FOUND',
  NoTrainingData = 'NO_TRAINING_DATA',
  CatalogueTooLarge = 'CATALOGUE_TOO_LARGE_FOR_MODEL',
}

const KIND: Record<TrainingExceptionCode, DomainErrorKind> = {
  [TrainingExceptionCode.UnknownParameters]: 'invalid',
  [TrainingExceptionCode.RunNotFound]: 'not_found',
  [TrainingExceptionCode.NoTrainingData]: 'conflict',
  [TrainingExceptionCode.CatalogueTooLarge]: 'unprocessable',
};

export class TrainingException extends DomainException {
  constructor(code: TrainingExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
