import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PLATFORM_OPTIONS, type PlatformOptions } from '@deepworks/platform';
import type { FastifyInstance } from 'fastify';
import { ArticlesModule } from '../articles/articles.module';
import { ScoringModule } from '../scoring/scoring.module';
import type { SentimentEnvironment } from '../sentiment.environment';
import { ImportArticlesJobHandler } from './import-articles.job';
import { ImportsController } from './imports.controller';
import { IMPORT_CONTENT_TYPES, ImportsService } from './imports.service';

@Module({
  imports: [ArticlesModule, ScoringModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportArticlesJobHandler],
})
export class ImportsModule implements OnModuleInit {
  constructor(
    private readonly http: HttpAdapterHost,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
  ) {}

  /** CSV and JSONL uploads arrive as raw bytes, up to SENTIMENT_IMPORT_LIMIT_BYTES (not the JSON limit). */
  onModuleInit(): void {
    if (this.options.mode !== 'api') return;
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    const bodyLimit = (this.options.environment as SentimentEnvironment).SENTIMENT_IMPORT_LIMIT_BYTES;
    for (const contentType of Object.keys(IMPORT_CONTENT_TYPES)) {
      if (fastify.hasContentTypeParser(contentType)) continue;
      fastify.addContentTypeParser(contentType, { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
        done(null, body),
      );
    }
  }
}
