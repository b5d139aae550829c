import { type DynamicModule, Module } from '@nestjs/common';
import { type JsonLogger, PlatformModule, type PlatformOptions } from '@deepworks/platform';
import { CatalogModule } from './catalog/catalog.module';
import { DemoDataModule } from './demo-data/demo-data.module';
import { RECOMMENDER_MIGRATIONS } from './migrations';

@Module({})
export class AppModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, logger, migrations: RECOMMENDER_MIGRATIONS }),
        CatalogModule,
        DemoDataModule,
      ],
    };
  }
}
