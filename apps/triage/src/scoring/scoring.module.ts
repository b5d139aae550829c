import { Module } from '@nestjs/common';
import { ScorePendingStudiesJob } from './score-pending-studies.job';
import { StudyScorer } from './study-scorer.service';
import { TriageModel } from './triage-model.service';

@Module({
  providers: [TriageModel, StudyScorer, ScorePendingStudiesJob],
  exports: [TriageModel, StudyScorer],
})
export class ScoringModule {}
