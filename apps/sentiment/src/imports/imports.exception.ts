import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum ImportsExceptionCode {
  UnsupportedFormat = 'UNSUPPORTED_IMPORT_FORMAT',
  EmptyUpload = 'EMPTY_UPLOAD',
}

const KIND: Record<ImportsExceptionCode, DomainErrorKind> = {
  [ImportsExceptionCode.UnsupportedFormat]: 'invalid',
  [ImportsExceptionCode.EmptyUpload]: 'invalid',
};

export class ImportsException extends DomainException {
  constructor(code: ImportsExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
