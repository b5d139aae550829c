import { Module } from '@nestjs/common';
import { DemoPageController } from './demo-page.controller';

@Module({ controllers: [DemoPageController] })
export class DemoPageModule {}
