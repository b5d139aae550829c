import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { ScoreArticlesJobHandler } from './score-articles.job';
import { ScoringQueue } from './scoring.queue';
import { SentimentModelProvider } from './sentiment-model.provider';

@Module({
  imports: [MonitoringModule, EventsModule],
  providers: [ScoreArticlesJobHandler, ScoringQueue, SentimentModelProvider],
  exports: [ScoringQueue, SentimentModelProvider],
})
export class ScoringModule {}
