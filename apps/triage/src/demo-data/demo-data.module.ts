import { Module } from '@nestjs/common';
import { DemoDataController } from '@deepworks/platform';
import { DemoStudiesJob } from './demo-studies.job';

@Module({ controllers: [DemoDataController], providers: [DemoStudiesJob] })
export class DemoDataModule {}
