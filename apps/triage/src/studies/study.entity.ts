import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type StudySource = 'upload' | 'import' | 'demo';

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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
