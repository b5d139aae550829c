import { HttpException, HttpStatus } from '@nestjs/common';
import { DOMAIN_ERROR_STATUS, DomainException } from './domain.exception';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** True for failures that are ours (5xx): logged with their stack, shown only by reference. */
  internal: boolean;
  retryAfterSeconds?: number;
}

const DATABASE_RETRY_AFTER_SECONDS = 2;
const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/**
 * A lost or refused database connection (a restart, a failover): the request may succeed when retried,
 * so it is a 503 with Retry-After, not an internal error. SQLSTATE class 08 is "connection exception",
 * 57P01–57P03 are the server shutting down or starting.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  return candidates.some((candidate) => {
    if (!(candidate instanceof Error)) return false;
    const code = (candidate as { code?: unknown }).code;
    if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || /^(08...|57P0[123])$/.test(code)))
      return true;
    return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(
      candidate.message,
    );
  });
}

/** Fastify's own errors (body parsing, limits) carry a `code` and a `statusCode`. */
interface FastifyError {
  code: string;
  statusCode: number;
  message: string;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  // @fastify/multipart
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'TOO_MANY_PARTS',
  FST_FIELDS_LIMIT: 'TOO_MANY_PARTS',
  FST_PARTS_LIMIT: 'TOO_MANY_PARTS',
  FST_PROTO_VIOLATION: 'MALFORMED_MULTIPART',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'NOT_MULTIPART',
};

/**
 * The one translation of any thrown value into `{ error: { code, message, details } }`. Nothing from
 * an unexpected error (stack, SQL, driver text) ever reaches the body.
 */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  if (error instanceof DomainException) {
    return reply(DOMAIN_ERROR_STATUS[error.kind], error.code, error.message, error.details);
  }
  if (error instanceof HttpException) return fromHttpException(error);
  if (isFastifyError(error)) {
    return reply(error.statusCode, FASTIFY_CODES[error.code] ?? statusCode(error.statusCode), error.message);
  }
  if (isPluginClientError(error)) {
    // A plugin's own 4xx (e.g. the static files of /docs refusing `../`): its status, not its wording.
    return reply(
      error.statusCode,
      statusCode(error.statusCode),
      `The request was refused (${error.statusCode})`,
    );
  }
  if (isDatabaseUnavailable(error)) {
    return {
      ...reply(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; retry shortly', {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      }),
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    };
  }
  return {
    status: 500,
    internal: true,
    body: { error: { code: 'INTERNAL', message: `Internal error; quote request id ${requestId}` } },
  };
}

function fromHttpException(error: HttpException): ErrorResponse {
  const status = error.getStatus();
  const response = error.getResponse();
  if (status >= 500) {
    const message = typeof response === 'object' && response !== null ? undefined : String(response);
    return {
      status,
      internal: status === 500,
      body: {
        error: { code: statusCode(status), message: message ?? error.message, details: detailsOf(response) },
      },
    };
  }
  if (typeof response === 'object' && response !== null) {
    const { message, code } = response as { message?: unknown; code?: unknown };
    // ValidationPipe reports every broken constraint as an array of messages.
    if (Array.isArray(message)) {
      return reply(status, 'VALIDATION_FAILED', 'The request is invalid: ' + message.join('; '), {
        problems: message,
      });
    }
    return reply(
      status,
      typeof code === 'string' ? code : statusCode(status),
      typeof message === 'string' ? message : error.message,
      detailsOf(response),
    );
  }
  return reply(status, statusCode(status), String(response));
}

function detailsOf(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return undefined;
  const { details } = response as { details?: unknown };
  return details;
}

function reply(status: number, code: string, message: string, details?: unknown): ErrorResponse {
  const error: ErrorBody['error'] = { code, message };
  if (details !== undefined) error.details = details;
  return { status, body: { error }, internal: false };
}

function statusCode(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}

function isPluginClientError(error: unknown): error is { statusCode: number } {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

function isFastifyError(error: unknown): error is FastifyError {
  if (typeof error !== 'object' || error === null) return false;
  const { code, statusCode: status } = error as Partial<FastifyError>;
  return typeof code === 'string' && code.startsWith('FST_') && typeof status === 'number' && status < 500;
}
