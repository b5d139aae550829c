import { ApiProperty } from '@nestjs/swagger';
import type { StudyEntity, StudySource, StudyStatus } from '../study.entity';

export type StudyPriority = 'urgent' | 'unscored' | 'routine';

export class StudyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) studyRef!: string | null;
  @ApiProperty({ nullable: true, type: String }) patientRef!: string | null;
  @ApiProperty() width!: number;
  @ApiProperty() height!: number;
  @ApiProperty({ nullable: true, type: String }) label!: string | null;
  @ApiProperty({ enum: ['upload', 'import', 'demo'] }) source!: StudySource;
  @ApiProperty({ enum: ['pending', 'scored'] }) status!: StudyStatus;
  @ApiProperty({ enum: ['urgent', 'unscored', 'routine'] }) priority!: StudyPriority;
  @ApiProperty({ nullable: true, type: Object, description: 'Calibrated class probabilities' })
  probabilities!: Record<string, number> | null;
  @ApiProperty({ nullable: true, type: String }) predictedClass!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Calibrated probability of the predicted class' })
  confidence!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: '1 − P(normal)' }) abnormality!: number | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'At or above the operating threshold' })
  flagged!: boolean | null;
  @ApiProperty({ nullable: true, type: Number }) modelVersion!: number | null;
  @ApiProperty({ nullable: true, type: String }) heatmapUrl!: string | null;
  @ApiProperty() createdAt!: string;

  static from(study: StudyEntity): StudyDto {
    return {
      id: study.id,
      studyRef: study.studyRef,
      patientRef: study.patientRef,
      width: study.width,
      height: study.height,
      label: study.label,
      source: study.source,
      status: study.status,
      priority: study.status === 'pending' ? 'unscored' : study.flagged ? 'urgent' : 'routine',
      probabilities: study.probabilities,
      predictedClass: study.predictedClass,
      confidence: study.confidence,
      abnormality: study.abnormality,
      flagged: study.flagged,
      modelVersion: study.modelVersion,
      heatmapUrl: study.status === 'scored' ? `/studies/${study.id}/heatmap.png` : null,
      createdAt: study.createdAt.toISOString(),
    };
  }
}

export class StudyAcceptedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending', 'scored'] }) status!: StudyStatus;
  @ApiProperty({ enum: ['png', 'jpeg', 'dicom'] }) format!: string;
  @ApiProperty() url!: string;
}
