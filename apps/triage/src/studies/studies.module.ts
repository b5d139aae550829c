import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ScoringModule } from '../scoring/scoring.module';
import { StudiesController } from './studies.controller';
import { StudiesService } from './studies.service';
import { StudyEntity } from './study.entity';

@Module({
  imports: [TypeOrmModule.forFeature([StudyEntity]), ScoringModule],
  controllers: [StudiesController],
  providers: [StudiesService],
  exports: [StudiesService],
})
export class StudiesModule {}
