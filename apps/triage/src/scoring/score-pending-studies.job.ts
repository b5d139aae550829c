import { Injectable } from '@nestjs/common';
import { type JobHandler, type JobProgressReporter, type QueuedJob, QueueJob } from '@deepworks/platform';
import { StudyScorer } from './study-scorer.service';
import { TriageModel } from './triage-model.service';

export const SCORE_PENDING_QUEUE = 'score-pending-studies';

/** After a promotion (or for studies that arrived while no model was active): score what waits. */
@Injectable()
@QueueJob(SCORE_PENDING_QUEUE, { retryLimit: 3, expireInSeconds: 3600 })
export class ScorePendingStudiesJob implements JobHandler<{ limit?: number }> {
  constructor(
    private readonly scorer: StudyScorer,
    private readonly model: TriageModel,
  ) {}

  async handle(job: QueuedJob<{ limit?: number }>, progress: JobProgressReporter) {
    const served = await this.model.refresh();
    if (!served) return { scored: 0, reason: 'no active model' };
    const limit = job.data.limit ?? 100_000;
    const scored = await this.scorer.scorePending(limit, (done) =>
      progress.report(Math.min(0.99, done / limit), `scored ${done} studies`),
    );
    return { scored, modelVersion: served.version.version };
  }
}
