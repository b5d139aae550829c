import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type DynamicModule, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import multipart from '@fastify/multipart';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { DomainException } from '../errors/domain.exception';
import type { JsonLogger } from '../logging/json-logger';
import { DEEPWORKS_VERSION } from '../version';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Fastify with the platform's body limit, request ids (a caller's `X-Request-Id` is kept if sane) and
 * a JSON parser whose failures are typed: Nest would otherwise turn them into an anonymous 400.
 */
function createFastifyAdapter(bodyLimitBytes: number): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: bodyLimitBytes,
    trustProxy: false,
    genReqId: (request: IncomingMessage) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // Decoded strictly: with `parseAs: 'string'` Fastify decodes leniently and reports bytes that are not
  // UTF-8 as an anonymous "body size did not match Content-Length".
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new DomainException('invalid', 'INVALID_UTF8', 'The request body is not valid UTF-8'), undefined);
      return;
    }
    void parseJson(request, text, (error: Error | null, value?: unknown) => {
      if (error) {
        done(
          new DomainException('invalid', 'MALFORMED_JSON', 'The request body is not valid JSON', {
            reason: error.message,
          }),
          undefined,
        );
      } else {
        done(null, value);
      }
    });
  });
  return adapter;
}

/** An app's HTTP side, configured as every deepworks API is; not yet listening. */
export async function createHttpApp(
  module: DynamicModule,
  limits: HttpLimits,
  logger: JsonLogger,
  description: HttpAppDescription,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    createFastifyAdapter(limits.bodyBytes),
    {
      logger,
      bodyParser: false,
    },
  );
  // Uploads stream past the JSON body limit under their own: one file, a few small fields.
  await app.register(multipart, {
    limits: { fileSize: limits.uploadBytes, files: 1, fields: 8, parts: 9, fieldSize: 1024 },
    throwFileSizeLimit: true,
  });
  await configureHttpApp(app, logger, description, limits.corsOrigins ?? []);
  return app;
}

export interface HttpLimits {
  /** JSON bodies (BODY_LIMIT_BYTES). */
  bodyBytes: number;
  /** One multipart file upload (UPLOAD_LIMIT_BYTES). */
  uploadBytes: number;
  /** Browser origins allowed to call the API (CORS_ORIGINS); none: same origin only. */
  corsOrigins?: readonly string[];
}

/** Sent with every response. */
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};
/** For everything but pages: a page (the demo pages, /docs) sets the policy its scripts need. */
const DATA_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
  'access-control-allow-headers': 'authorization, content-type, x-api-key, idempotency-key, x-request-id',
  'access-control-expose-headers': 'x-request-id, retry-after',
  'access-control-max-age': '600',
};

export interface HttpAppDescription {
  title: string;
  description: string;
}

/**
 * Everything an app's HTTP side shares: validation at the edge, the one error shape, request ids
 * and access logs, OpenAPI at /docs.
 */
async function configureHttpApp(
  app: NestFastifyApplication,
  logger: JsonLogger,
  description: HttpAppDescription,
  corsOrigins: readonly string[],
): Promise<void> {
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const fastify = app.getHttpAdapter().getInstance();
  const allowedOrigins = new Set(corsOrigins);
  // CORS before routing, so that a preflight never reaches auth; unknown origins get no CORS headers.
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !allowedOrigins.has(origin)) return;
    void reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      await reply.headers(CORS_HEADERS).code(204).send();
    }
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      if (!reply.hasHeader(name)) void reply.header(name, value);
    const isPage = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (!isPage && !reply.hasHeader('content-security-policy'))
      void reply.header('content-security-policy', DATA_CONTENT_SECURITY_POLICY);
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply) => {
    logger.event('info', 'http.request', {
      requestId: request.id,
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(description.title)
      .setDescription(description.description)
      .setVersion(DEEPWORKS_VERSION)
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
