import { type DynamicModule, Module } from '@nestjs/common';
import { type JsonLogger, PlatformModule, type PlatformOptions } from '@deepworks/platform';
import { CatalogModule } from './catalog/catalog.module';
import { DemoDataModule } from './demo-data/demo-data.module';
import { EventsModule } from './events/events.module';
import { RECOMMENDER_MIGRATIONS } from './migrations';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { RecommenderEnvironment } from './recommender.environment';
import { TrainingModule } from './training/training.module';

/** The app's validated environment, for the contexts that read their own variables. */
@Module({})
class RecommenderEnvironmentModule {
  static register(environment: RecommenderEnvironment): DynamicModule {
    return {
      module: RecommenderEnvironmentModule,
      global: true,
      providers: [{ provide: RecommenderEnvironment, useValue: environment }],
      exports: [RecommenderEnvironment],
    };
  }
}

@Module({})
export class AppModule {
  static register(
    options: PlatformOptions & { environment: RecommenderEnvironment },
    logger: JsonLogger,
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, logger, migrations: RECOMMENDER_MIGRATIONS }),
        RecommenderEnvironmentModule.register(options.environment),
        CatalogModule,
        EventsModule,
        TrainingModule,
        RecommendationsModule,
        DemoDataModule,
      ],
    };
  }
}
