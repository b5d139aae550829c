import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StudiesController } from './studies.controller';
import { StudiesService } from './studies.service';
import { StudyEntity } from './study.entity';

@Module({
  imports: [TypeOrmModule.forFeature([StudyEntity])],
  controllers: [StudiesController],
  providers: [StudiesService],
})
export class StudiesModule {}
