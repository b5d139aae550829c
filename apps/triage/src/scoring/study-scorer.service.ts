import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DecodedImage } from '@deepworks/data-prep';
import { DataSource } from 'typeorm';
import { TriageModel } from './triage-model.service';

/** What a study's row records of its scoring. */
export interface StudyScore {
  probabilities: Record<string, number>;
  predictedClass: string;
  confidence: number;
  abnormality: number;
  flagged: boolean;
  modelVersionId: string;
  modelVersion: number;
}

/**
 * Scores studies with the active classifier: calibrated probabilities and the decision at the operating
 * threshold, with the model version. The Grad-CAM overlay is drawn when first asked for, by the version
 * that scored the study: a backward pass per upload would cost more than the scoring itself, and most
 * overlays are never opened.
 */
@Injectable()
export class StudyScorer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly model: TriageModel,
  ) {}

  /** Null when no model is active (the study stays pending). */
  async scoreImage(image: DecodedImage): Promise<StudyScore | null> {
    // One indexed query: a promotion is seen by the next study, not the next poll.
    const served = await this.model.refresh();
    if (!served) return null;
    const score = served.model.score(image);
    return {
      probabilities: score.probabilities,
      predictedClass: score.predictedClass,
      confidence: score.confidence,
      abnormality: score.abnormality,
      flagged: score.flagged,
      modelVersionId: served.version.id,
      modelVersion: served.version.version,
    };
  }

  /** Scores one stored study; false when no model is active. */
  async score(studyId: string): Promise<boolean> {
    const rows: { width: number; height: number; pixels: Buffer }[] = await this.dataSource.query(
      'SELECT width, height, pixels FROM studies WHERE id = $1',
      [studyId],
    );
    const study = rows[0];
    if (!study) return false;
    const score = await this.scoreImage({
      width: study.width,
      height: study.height,
      channels: 1,
      data: study.pixels,
    });
    if (!score) return false;
    await this.dataSource.query(
      `UPDATE studies SET status = 'scored', probabilities = $2, predicted_class = $3, confidence = $4,
         abnormality = $5, flagged = $6, model_version_id = $7, model_version = $8, scored_at = now(),
         heatmap_png = NULL
       WHERE id = $1`,
      [
        studyId,
        score.probabilities,
        score.predictedClass,
        score.confidence,
        score.abnormality,
        score.flagged,
        score.modelVersionId,
        score.modelVersion,
      ],
    );
    return true;
  }

  /**
   * The study's Grad-CAM overlay, drawn (and kept) on first request. Null when the study is unscored or
   * the version that scored it is no longer the active one (another model's heat map would explain a
   * decision it did not make).
   */
  async overlay(studyId: string): Promise<Buffer | null> {
    const rows: {
      width: number;
      height: number;
      pixels: Buffer;
      model_version_id: string | null;
      heatmap_png: Buffer | null;
    }[] = await this.dataSource.query(
      'SELECT width, height, pixels, model_version_id, heatmap_png FROM studies WHERE id = $1',
      [studyId],
    );
    const study = rows[0];
    if (!study?.model_version_id) return null;
    if (study.heatmap_png) return study.heatmap_png;
    const served = this.model.current();
    if (served?.version.id !== study.model_version_id) return null;
    const image = { width: study.width, height: study.height, channels: 1 as const, data: study.pixels };
    const { overlayPng } = served.model.explain(image);
    await this.dataSource.query(
      'UPDATE studies SET heatmap_png = $2 WHERE id = $1 AND model_version_id = $3 AND heatmap_png IS NULL',
      [studyId, overlayPng, study.model_version_id],
    );
    return overlayPng;
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
