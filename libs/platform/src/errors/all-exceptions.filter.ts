import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLogger } from '../logging/json-logger';
import { DomainException } from './domain.exception';
import { toErrorResponse } from './error-body';

/** Every error a route throws leaves through here, in the one error shape. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(exception, request, reply, this.logger);
  }
}

export function sendError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: JsonLogger,
): void {
  const response = toErrorResponse(error, String(request.id));
  if (response.internal) {
    logger.event('error', 'request.failed', {
      requestId: request.id,
      method: request.method,
      url: request.url,
      error: error instanceof Error ? error.message : String(error),
      stack: error instanceof Error ? error.stack : undefined,
    });
  }
  const retryAfter =
    response.retryAfterSeconds ??
    ((error instanceof DomainException &&
      (error.details as { retryAfterSeconds?: unknown })?.retryAfterSeconds) ||
      undefined);
  if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  void reply
    .status(response.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(response.body);
}
