import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TriageModel } from './triage-model.service';

/**
 * Scores stored studies with the active classifier: calibrated probabilities, the decision at the
 * operating threshold, and the Grad-CAM overlay, written in one UPDATE with the model version.
 */
@Injectable()
export class StudyScorer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly model: TriageModel,
  ) {}

  /** False when no model is active (the study stays pending). */
  async score(studyId: string): Promise<boolean> {
    // One indexed query: a promotion is seen by the next study, not the next poll.
    const served = await this.model.refresh();
    if (!served) return false;
    const rows: { width: number; height: number; pixels: Buffer }[] = await this.dataSource.query(
      'SELECT width, height, pixels FROM studies WHERE id = $1',
      [studyId],
    );
    const study = rows[0];
    if (!study) return false;
    const image = { width: study.width, height: study.height, channels: 1 as const, data: study.pixels };
    const score = served.model.score(image);
    const explanation = served.model.explain(image);
    await this.dataSource.query(
      `UPDATE studies SET status = 'scored', probabilities = $2, predicted_class = $3, confidence = $4,
         abnormality = $5, flagged = $6, model_version_id = $7, model_version = $8, scored_at = now(),
         heatmap_png = $9
       WHERE id = $1`,
      [
        studyId,
        score.probabilities,
        score.predictedClass,
        score.confidence,
        score.abnormality,
        score.flagged,
        served.version.id,
        served.version.version,
        explanation.overlayPng,
      ],
    );
    return true;
  }

  /** Scores up to `limit` pending studies, oldest first; returns how many. */
  async scorePending(limit: number, onScored?: (done: number) => Promise<void>): Promise<number> {
    const pending: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM studies WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
      [limit],
    );
    let done = 0;
    for (const { id } of pending) {
      if (!(await this.score(id))) break;
      done++;
      if (onScored && done % 50 === 0) await onScored(done);
    }
    return done;
  }
}
