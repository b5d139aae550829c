import { type DynamicModule, Module } from '@nestjs/common';
import { type JsonLogger, PlatformModule, type PlatformOptions } from '@deepworks/platform';
import { ArticlesModule } from './articles/articles.module';
import { DemoDataModule } from './demo-data/demo-data.module';
import { SENTIMENT_MIGRATIONS } from './migrations';

@Module({})
export class AppModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, logger, migrations: SENTIMENT_MIGRATIONS }),
        ArticlesModule,
        DemoDataModule,
      ],
    };
  }
}
