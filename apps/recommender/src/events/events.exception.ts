import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum EventsExceptionCode {
  UnknownItems = 'UNKNOWN_ITEMS',
  InvalidIdempotencyKey = 'INVALID_IDEMPOTENCY_KEY',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
}

const KIND: Record<EventsExceptionCode, DomainErrorKind> = {
  [EventsExceptionCode.UnknownItems]: 'unprocessable',
  [EventsExceptionCode.InvalidIdempotencyKey]: 'invalid',
  [EventsExceptionCode.IdempotencyKeyReused]: 'unprocessable',
};

export class EventsException extends DomainException {
  constructor(code: EventsExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
