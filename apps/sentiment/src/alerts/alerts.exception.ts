import { DomainException, type DomainErrorKind } from '@deepworks/platform';

export enum AlertsExceptionCode {
  AlertNotFound = 'ALERT_NOT_FOUND',
  SubscriptionNotFound = 'SUBSCRIPTION_NOT_FOUND',
}

const KIND: Record<AlertsExceptionCode, DomainErrorKind> = {
  [AlertsExceptionCode.AlertNotFound]: 'not_found',
  [AlertsExceptionCode.SubscriptionNotFound]: 'not_found',
};

export class AlertsException extends DomainException {
  constructor(code: AlertsExceptionCode, message: string, details?: unknown) {
    super(KIND[code], code, message, details);
  }
}
