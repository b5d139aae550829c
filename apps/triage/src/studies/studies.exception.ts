import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum StudiesExceptionCode {
  StudyNotFound = 'STUDY_NOT_FOUND',
  NotMultipart = 'UPLOAD_NOT_MULTIPART',
  FileMissing = 'UPLOAD_FILE_MISSING',
  InvalidField = 'UPLOAD_INVALID_FIELD',
  ImageUnreadable = 'IMAGE_UNREADABLE',
  ImageTooLarge = 'IMAGE_TOO_LARGE',
  ImageUnsupported = 'IMAGE_UNSUPPORTED',
  DuplicateStudyRef = 'DUPLICATE_STUDY_REF',
  NoHeatmap = 'HEATMAP_NOT_AVAILABLE',
  DatasetLayout = 'DATASET_LAYOUT_INVALID',
}

const KIND: Record<StudiesExceptionCode, DomainErrorKind> = {
  [StudiesExceptionCode.StudyNotFound]: 'not_found',
  [StudiesExceptionCode.NotMultipart]: 'invalid',
  [StudiesExceptionCode.FileMissing]: 'invalid',
  [StudiesExceptionCode.InvalidField]: 'invalid',
  [StudiesExceptionCode.ImageUnreadable]: 'unprocessable',
  [StudiesExceptionCode.ImageTooLarge]: 'unprocessable',
  [StudiesExceptionCode.ImageUnsupported]: 'unprocessable',
  [StudiesExceptionCode.DuplicateStudyRef]: 'conflict',
  [StudiesExceptionCode.NoHeatmap]: 'not_found',
  [StudiesExceptionCode.DatasetLayout]: 'invalid',
};

export class StudiesException extends DomainException {
  constructor(code: StudiesExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
