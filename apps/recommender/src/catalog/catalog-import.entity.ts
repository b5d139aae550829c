import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { CatalogueFormat, RowProblem } from './catalogue-file.parser';

export type CatalogImportStatus = 'queued' | 'applied' | 'rejected';

/** One uploaded catalogue file and what became of it; the worker reads `content` from here. */
@Entity({ name: 'catalog_imports' })
export class CatalogImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  format!: CatalogueFormat;

  @Column({ type: 'text', select: false })
  content!: string;

  @Column({ type: 'text' })
  status!: CatalogImportStatus;

  @Column({ name: 'job_id', type: 'uuid', nullable: true })
  jobId!: string | null;

  @Column({ name: 'rows_read', type: 'integer', nullable: true })
  rowsRead!: number | null;

  @Column({ name: 'created_count', type: 'integer', nullable: true })
  createdCount!: number | null;

  @Column({ name: 'updated_count', type: 'integer', nullable: true })
  updatedCount!: number | null;

  /** The first problems (at most MAX_LISTED_PROBLEMS); `problemCount` counts them all. */
  @Column({ type: 'jsonb' })
  problems!: RowProblem[];

  @Column({ name: 'problem_count', type: 'integer' })
  problemCount!: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
