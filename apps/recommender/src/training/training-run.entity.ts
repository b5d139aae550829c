import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type TrainingRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** One `POST /training-runs`: what was asked, how it went, what it registered. */
@Entity({ name: 'training_runs' })
export class TrainingRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** The requested model and settings (`TrainingRequest`). */
  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'text' })
  status!: TrainingRunStatus;

  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  /** `{ request, candidate, incumbent?, popularity }`: metrics on the run's held-out split. */
  @Column({ type: 'jsonb', nullable: true })
  metrics!: Record<string, unknown> | null;

  @Column({ name: 'model_version_id', type: 'uuid', nullable: true })
  modelVersionId!: string | null;

  @Column({ type: 'boolean', nullable: true })
  promoted!: boolean | null;

  /** Why the version was or was not promoted. */
  @Column({ type: 'text', nullable: true })
  decision!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
