import { Module } from '@nestjs/common';
import { DemoDataController } from '@deepworks/platform';
import { ArticlesModule } from '../articles/articles.module';
import { ScoringModule } from '../scoring/scoring.module';
import { DemoHeadlinesJob } from './demo-headlines.job';

@Module({
  imports: [ArticlesModule, ScoringModule],
  controllers: [DemoDataController],
  providers: [DemoHeadlinesJob],
})
export class DemoDataModule {}
