import { Module } from '@nestjs/common';
import { DemoDataController } from '@deepworks/platform';
import { DemoHeadlinesJob } from './demo-headlines.job';

@Module({ controllers: [DemoDataController], providers: [DemoHeadlinesJob] })
export class DemoDataModule {}
