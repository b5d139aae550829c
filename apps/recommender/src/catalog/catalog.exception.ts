import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum CatalogExceptionCode {
  ItemNotFound = 'ITEM_NOT_FOUND',
  DuplicateItemIds = 'DUPLICATE_ITEM_IDS',
  ImportNotFound = 'CATALOG_IMPORT_NOT_FOUND',
}

const KIND: Record<CatalogExceptionCode, DomainErrorKind> = {
  [CatalogExceptionCode.ItemNotFound]: 'not_found',
  [CatalogExceptionCode.DuplicateItemIds]: 'invalid',
  [CatalogExceptionCode.ImportNotFound]: 'not_found',
};

export class CatalogException extends DomainException {
  constructor(code: CatalogExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
