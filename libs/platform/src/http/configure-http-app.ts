import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type ArgumentMetadata, type DynamicModule, ValidationPipe } from '@nestjs/common';
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
    const depth = nestingDepth(text);
    if (depth > MAX_JSON_DEPTH) {
      done(
        new DomainException(
          'invalid',
          'JSON_TOO_DEEP',
          `The request body nests deeper than ${MAX_JSON_DEPTH} levels`,
          { maxDepth: MAX_JSON_DEPTH },
        ),
        undefined,
      );
      return;
    }
    void parseJson(request, text, (error: Error | null, value?: unknown) => {
      if (!error && text.includes('\\u0000') && containsNul(value)) {
        done(
          new DomainException(
            'invalid',
            'NUL_IN_TEXT',
            'Text in the request body may not contain NUL (\\u0000)',
          ),
          undefined,
        );
      } else if (error) {
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

/** Deeper than any body of ours; a hostile one 100,000 deep would overflow the stack of validation. */
const MAX_JSON_DEPTH = 64;

/** Brackets outside strings, counted before parsing. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c)
        index++; // a backslash escapes the next character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

/** PostgreSQL's text cannot hold NUL: refused at the edge rather than failing in the database. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\0');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(([key, item]) => key.includes('\0') || containsNul(item));
  return false;
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

const NOT_A_DTO: unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/** Distinct query strings remembered per query DTO class (then the memory starts over). */
const REMEMBERED_QUERIES = 1000;

/**
 * Validation as Nest's pipe does it, and first: a DTO body must be a JSON object. Nest's pipe lets an
 * array, a string or a number through as "nothing to validate", so `[]` would start a job with defaults.
 *
 * A query DTO that passed is remembered by its raw query (frozen, so no handler can change what the
 * next request gets): the same few query strings come again and again (`?k=10`), and class-validator
 * allocates ~14 KB per validation, a quarter of a served recommendation's garbage (measured under
 * `npm run bench -- recommender`), which the young generation's collections then copy.
 */
class BodyValidationPipe extends ValidationPipe {
  private readonly validQueries = new Map<unknown, Map<string, unknown>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && !NOT_A_DTO.includes(metadata.metatype);
    if (
      metadata.type === 'body' &&
      isDto &&
      value !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    )
      throw new DomainException('invalid', 'BODY_NOT_OBJECT', 'The request body must be a JSON object');
    if (metadata.type !== 'query' || !isDto) return super.transform(value, metadata);
    let remembered = this.validQueries.get(metadata.metatype);
    if (!remembered) {
      remembered = new Map();
      this.validQueries.set(metadata.metatype, remembered);
    }
    const query = JSON.stringify(value);
    const known = remembered.get(query);
    if (known !== undefined) return known;
    const validated: unknown = Object.freeze(await super.transform(value, metadata));
    if (remembered.size >= REMEMBERED_QUERIES) remembered.clear();
    remembered.set(query, validated);
    return validated;
  }
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
    new BodyValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(logger));

  const fastify = app.getHttpAdapter().getInstance();
  // Hooks take callbacks, not async functions: every request runs each one, and a promise apiece is
  // garbage the young generation's collections then have to sweep under load.
  // A NUL in a path or query would reach PostgreSQL's text (which cannot hold it) as an internal error.
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (/%00/i.test(request.url) || request.url.includes('\0'))
      done(new DomainException('invalid', 'NUL_IN_URL', 'The URL may not contain NUL (%00)'));
    else done();
  });
  const allowedOrigins = new Set(corsOrigins);
  // CORS before routing, so that a preflight never reaches auth; unknown origins get no CORS headers.
  fastify.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !allowedOrigins.has(origin)) return done();
    void reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    // A preflight is answered here: the reply is sent, and `done` is not called.
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      void reply.headers(CORS_HEADERS).code(204).send();
      return;
    }
    done();
  });
  fastify.addHook('onSend', (request, reply, _payload, done) => {
    void reply.header('x-request-id', request.id);
    for (const name in SECURITY_HEADERS)
      if (!reply.hasHeader(name)) void reply.header(name, SECURITY_HEADERS[name]);
    const isPage = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    if (!isPage && !reply.hasHeader('content-security-policy'))
      void reply.header('content-security-policy', DATA_CONTENT_SECURITY_POLICY);
    done();
  });
  fastify.addHook('onResponse', (request: FastifyRequest, reply, done) => {
    logger.event('info', 'http.request', {
      requestId: request.id,
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    });
    done();
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
