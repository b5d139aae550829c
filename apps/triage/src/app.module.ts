import { type DynamicModule, Module } from '@nestjs/common';
import { type JsonLogger, PlatformModule, type PlatformOptions } from '@deepworks/platform';
import { DatasetImportsModule } from './dataset-imports/dataset-imports.module';
import { DemoDataModule } from './demo-data/demo-data.module';
import { DemoPageModule } from './demo-page/demo-page.module';
import { TRIAGE_MIGRATIONS } from './migrations';
import { ReviewsModule } from './reviews/reviews.module';
import { ScoringModule } from './scoring/scoring.module';
import { StudiesModule } from './studies/studies.module';
import { TrainingModule } from './training/training.module';

@Module({})
export class AppModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, logger, migrations: TRIAGE_MIGRATIONS }),
        ScoringModule,
        StudiesModule,
        ReviewsModule,
        TrainingModule,
        DatasetImportsModule,
        DemoDataModule,
        DemoPageModule,
      ],
    };
  }
}
