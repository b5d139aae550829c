import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { ScoringModule } from '../scoring/scoring.module';
import { TrainSentimentJobHandler } from './train-sentiment.job';
import { TrainingController } from './training.controller';
import { TrainingService } from './training.service';

@Module({
  imports: [ScoringModule, EventsModule],
  controllers: [TrainingController],
  providers: [TrainingService, TrainSentimentJobHandler],
})
export class TrainingModule {}
