import { Module } from '@nestjs/common';
import { DemoDataController } from '@deepworks/platform';
import { DemoShopJob } from './demo-shop.job';

@Module({ controllers: [DemoDataController], providers: [DemoShopJob] })
export class DemoDataModule {}
