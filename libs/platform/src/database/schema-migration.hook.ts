import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import { migrateSchema } from './schema-migrator';

/** Brings the app's schema up to date before anything else touches it. */
@Injectable()
export class SchemaMigrationHook implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
    private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const applied = await migrateSchema(this.dataSource, this.options.app);
    this.logger.event(
      'info',
      'database.migrated',
      { schema: this.options.app, applied },
      'SchemaMigrationHook',
    );
  }
}
