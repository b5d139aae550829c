import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StudiesException, StudiesExceptionCode } from '../studies/studies.exception';
import type { ReviewStudyDto, StudyReviewDto } from './dto/review.dto';

interface ReviewRow {
  id: string;
  study_id: string;
  reviewer: string;
  decision: string;
  final_label: string;
  comment: string;
  predicted_class: string | null;
  model_version: number | null;
  model_version_id: string | null;
  created_at: Date;
}

/**
 * Clinicians' decisions on scored studies: an append-only audit log (who, when, what, and the model
 * version whose output they saw). A review is never edited; a second opinion is a second row.
 */
@Injectable()
export class ReviewsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async review(studyId: string, reviewer: string, review: ReviewStudyDto): Promise<StudyReviewDto> {
    const rows: ReviewRow[] = await this.dataSource.query(
      // One statement: the review and the study leaving the worklist commit together.
      `WITH reviewed AS (
         UPDATE studies SET reviewed_at = coalesce(reviewed_at, now()) WHERE id = $1
         RETURNING id, label, predicted_class, model_version_id, model_version
       )
       INSERT INTO study_reviews (study_id, reviewer, decision, final_label, comment, predicted_class,
         model_version_id, model_version)
       SELECT id, $2, $3, CASE WHEN $3 = 'agree' THEN coalesce(predicted_class, label, 'unknown') ELSE $4 END,
              $5, predicted_class, model_version_id, model_version
         FROM reviewed
       RETURNING *`,
      [studyId, reviewer, review.decision, review.label ?? null, review.comment ?? ''],
    );
    if (!rows[0])
      throw new StudiesException(StudiesExceptionCode.StudyNotFound, `No study ${studyId}`, { id: studyId });
    return toDto(rows[0]);
  }

  async history(studyId: string): Promise<StudyReviewDto[]> {
    const rows: ReviewRow[] = await this.dataSource.query(
      'SELECT * FROM study_reviews WHERE study_id = $1 ORDER BY created_at, id',
      [studyId],
    );
    return rows.map(toDto);
  }
}

function toDto(row: ReviewRow): StudyReviewDto {
  return {
    id: Number(row.id),
    studyId: row.study_id,
    reviewer: row.reviewer,
    decision: row.decision,
    finalLabel: row.final_label,
    comment: row.comment,
    predictedClass: row.predicted_class,
    modelVersion: row.model_version,
    modelVersionId: row.model_version_id,
    createdAt: row.created_at.toISOString(),
  };
}
