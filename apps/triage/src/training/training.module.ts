import { Module } from '@nestjs/common';
import { TrainingController } from './training.controller';
import { TrainTriageClassifierJob } from './train-triage-classifier.job';

@Module({ controllers: [TrainingController], providers: [TrainTriageClassifierJob] })
export class TrainingModule {}
