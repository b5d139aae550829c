import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type StudySource = 'upload' | 'import' | 'demo';
export type StudyStatus = 'pending' | 'scored';
export type StudyFormat = 'png' | 'jpeg' | 'dicom' | 'raw';

@Entity({ name: 'studies' })
export class StudyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The clinic's own reference (accession number); unique when given. */
  @Column({ name: 'study_ref', type: 'text', nullable: true })
  studyRef!: string | null;

  @Column({ name: 'patient_ref', type: 'text', nullable: true })
  patientRef!: string | null;

  @Column({ type: 'integer' })
  width!: number;

  @Column({ type: 'integer' })
  height!: number;

  /** 8-bit grayscale, row-major, after decoding and windowing. */
  @Column({ type: 'bytea', select: false })
  pixels!: Buffer;

  /** Ground truth when known (imported datasets, demo data); null for new studies. */
  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ type: 'text' })
  source!: StudySource;

  @Column({ type: 'text', nullable: true })
  format!: StudyFormat | null;

  @Column({ type: 'text', default: 'pending' })
  status!: StudyStatus;

  @Column({ type: 'jsonb', nullable: true })
  probabilities!: Record<string, number> | null;

  @Column({ name: 'predicted_class', type: 'text', nullable: true })
  predictedClass!: string | null;

  @Column({ type: 'real', nullable: true })
  confidence!: number | null;

  @Column({ type: 'real', nullable: true })
  abnormality!: number | null;

  @Column({ type: 'boolean', nullable: true })
  flagged!: boolean | null;

  @Column({ name: 'model_version_id', type: 'uuid', nullable: true })
  modelVersionId!: string | null;

  @Column({ name: 'model_version', type: 'integer', nullable: true })
  modelVersion!: number | null;

  @Column({ name: 'scored_at', type: 'timestamptz', nullable: true })
  scoredAt!: Date | null;

  @Column({ name: 'heatmap_png', type: 'bytea', nullable: true, select: false })
  heatmapPng!: Buffer | null;

  /** When the first clinician review was recorded: the study has left the worklist. */
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
