import { type DynamicModule, Module } from '@nestjs/common';
import { type JsonLogger, PlatformModule, type PlatformOptions } from '@deepworks/platform';
import { AlertsModule } from './alerts/alerts.module';
import { ArticlesModule } from './articles/articles.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { DemoDataModule } from './demo-data/demo-data.module';
import { EventsModule } from './events/events.module';
import { FeedsModule } from './feeds/feeds.module';
import { ImportsModule } from './imports/imports.module';
import { SENTIMENT_MIGRATIONS } from './migrations';
import { MonitoringModule } from './monitoring/monitoring.module';
import { ScoringModule } from './scoring/scoring.module';
import { TrainingModule } from './training/training.module';

@Module({})
export class AppModule {
  static register(options: PlatformOptions, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ ...options, logger, migrations: SENTIMENT_MIGRATIONS }),
        ArticlesModule,
        ImportsModule,
        FeedsModule,
        ScoringModule,
        TrainingModule,
        MonitoringModule,
        AlertsModule,
        EventsModule,
        DemoDataModule,
        DashboardModule,
      ],
    };
  }
}
