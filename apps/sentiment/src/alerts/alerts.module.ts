import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { AlertDeliveryJobHandler } from './alert-delivery.job';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsService } from './subscriptions.service';

@Module({
  imports: [EventsModule],
  controllers: [AlertsController, SubscriptionsController],
  providers: [AlertsService, SubscriptionsService, AlertDeliveryJobHandler],
  exports: [AlertsService],
})
export class AlertsModule {}
