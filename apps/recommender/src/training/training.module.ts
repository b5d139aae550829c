import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TrainingController } from './training.controller';
import { TrainingDataRepository } from './training-data.repository';
import { TrainingJobHandler } from './training.job';
import { TrainingRunEntity } from './training-run.entity';
import { TrainingService } from './training.service';

@Module({
  imports: [TypeOrmModule.forFeature([TrainingRunEntity])],
  controllers: [TrainingController],
  providers: [TrainingService, TrainingDataRepository, TrainingJobHandler],
})
export class TrainingModule {}
