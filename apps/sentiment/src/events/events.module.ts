import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { SentimentEventsService } from './sentiment-events.service';

@Module({
  controllers: [EventsController],
  providers: [SentimentEventsService],
  exports: [SentimentEventsService],
})
export class EventsModule {}
