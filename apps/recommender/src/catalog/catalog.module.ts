import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogController } from './catalog.controller';
import { CatalogService } from './catalog.service';
import { ItemEntity } from './item.entity';
import { ShopEventEntity } from './shop-event.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ItemEntity, ShopEventEntity])],
  controllers: [CatalogController],
  providers: [CatalogService],
})
export class CatalogModule {}
