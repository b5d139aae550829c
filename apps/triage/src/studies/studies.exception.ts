import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum StudiesExceptionCode {
  StudyNotFound = 'STUDY_NOT_FOUND',
}

const KIND: Record<StudiesExceptionCode, DomainErrorKind> = {
  [StudiesExceptionCode.StudyNotFound]: 'not_found',
};

export class StudiesException extends DomainException {
  constructor(code: StudiesExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
