import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface JobProgressRow {
  jobId: string;
  queue: string;
  fraction: number;
  message: string;
  updatedAt: Date;
}

interface RawRow {
  job_id: string;
  queue: string;
  fraction: number;
  message: string;
  updated_at: Date;
}

@Injectable()
export class JobProgressRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    jobId: string,
    queue: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.query(`INSERT INTO job_progress (job_id, queue, message) VALUES ($1, $2, 'queued')`, [
      jobId,
      queue,
    ]);
  }

  async update(jobId: string, queue: string, fraction: number, message: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO job_progress (job_id, queue, fraction, message) VALUES ($1, $2, $3, $4)
       ON CONFLICT (job_id) DO UPDATE SET fraction = $3, message = $4, updated_at = now()`,
      [jobId, queue, fraction, message],
    );
  }

  async annotate(jobId: string, message: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE job_progress SET message = $2, updated_at = now() WHERE job_id = $1',
      [jobId, message],
    );
  }

  /**
   * The worker's heartbeat for one attempt of a running job: renews its lease and answers whether that
   * attempt still holds the job. False once the job was handed back (reaped, expired, cancelled) or is
   * being run again as a later attempt.
   */
  async renewLease(schema: string, jobId: string, attempt: number): Promise<boolean> {
    const [{ renewed }]: { renewed: number }[] = await this.dataSource.query(
      `WITH renewal AS (
         UPDATE job_progress SET updated_at = now()
          WHERE job_id = $1
            AND EXISTS (SELECT 1 FROM "${schema}".job
                         WHERE id = $1 AND state = 'active' AND retry_count = $2)
         RETURNING job_id)
       SELECT count(*)::int AS renewed FROM renewal`,
      [jobId, attempt],
    );
    return renewed > 0;
  }

  /**
   * Active jobs of these queues whose worker has not renewed the lease for `leaseSeconds` (a run that
   * has just started counts from its start, not from the previous attempt's last heartbeat).
   */
  async abandoned(
    schema: string,
    queues: string[],
    leaseSeconds: number,
  ): Promise<{ id: string; queue: string; data: object; attempt: number; lastAttempt: boolean }[]> {
    return this.dataSource.query(
      `SELECT job.id, job.name AS queue, job.data, job.retry_count AS attempt,
              job.retry_count >= job.retry_limit AS "lastAttempt"
         FROM "${schema}".job job JOIN job_progress progress ON progress.job_id = job.id
        WHERE job.state = 'active' AND job.name = ANY($1)
          AND greatest(job.started_on, progress.updated_at) < now() - make_interval(secs => $2)`,
      [queues, leaseSeconds],
    );
  }

  async find(jobId: string): Promise<JobProgressRow | undefined> {
    const rows: RawRow[] = await this.dataSource.query(
      'SELECT job_id, queue, fraction, message, updated_at FROM job_progress WHERE job_id = $1',
      [jobId],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      jobId: row.job_id,
      queue: row.queue,
      fraction: row.fraction,
      message: row.message,
      updatedAt: row.updated_at,
    };
  }
}
