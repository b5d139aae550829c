import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';
import { RecordedEventsFeed } from './recorded-events.feed';
import { ShopEventEntity } from './shop-event.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ShopEventEntity])],
  controllers: [EventsController],
  providers: [EventsService, RecordedEventsFeed],
  exports: [RecordedEventsFeed],
})
export class EventsModule {}
