import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { BucketsService } from './buckets.service';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';

@Module({
  imports: [AlertsModule],
  controllers: [MonitoringController],
  providers: [MonitoringService, BucketsService],
  exports: [MonitoringService],
})
export class MonitoringModule {}
