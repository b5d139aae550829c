import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainException } from '../errors/domain.exception';
import { JsonLogger } from '../logging/json-logger';
import { PLATFORM_OPTIONS, type PlatformOptions } from '../platform.options';
import { ActiveModel, type ActiveModelOptions, type ModelLoader } from './active-model';

export type ModelStatus = 'candidate' | 'active' | 'retired';

export interface ModelVersion {
  id: string;
  task: string;
  version: number;
  status: ModelStatus;
  config: Record<string, unknown>;
  dataFingerprint: string;
  metrics: Record<string, number>;
  /** Absolute path of the version's artifact directory (owned by the registry; never edit it). */
  artifactDir: string;
  artifactSha256: string;
  artifactBytes: number;
  createdBy: string;
  createdAt: Date;
  lastActivatedAt: Date | null;
  rolledBack: boolean;
  trainingJobId: string | null;
  /** When the retention rule deleted the artifact (the row stays); such a version can never serve again. */
  artifactRemovedAt: Date | null;
}

export interface RegisterModelRequest {
  /** What the model does, e.g. `recommendations`, `triage-classifier`: lower-case, digits, dashes. */
  task: string;
  config: Record<string, unknown>;
  /** Identifies the training data (e.g. sha256 of the rows used), so a metric can be traced to it. */
  dataFingerprint: string;
  metrics: Record<string, number>;
  /** Directory the trainer wrote; the registry copies it and never reads it again. */
  sourceDir: string;
  createdBy: string;
  /** The job that trained it: a job registers at most one version, however often it is retried. */
  trainingJobId?: string;
}

interface VersionRow {
  id: string;
  task: string;
  version: number;
  status: ModelStatus;
  config: Record<string, unknown>;
  data_fingerprint: string;
  metrics: Record<string, number>;
  artifact_dir: string;
  artifact_sha256: string;
  artifact_bytes: string;
  created_by: string;
  created_at: Date;
  last_activated_at: Date | null;
  rolled_back: boolean;
  training_job_id: string | null;
  artifact_removed_at: Date | null;
}

const TASK_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const COLUMNS = `id, task, version, status, config, data_fingerprint, metrics, artifact_dir, artifact_sha256,
  artifact_bytes, created_by, created_at, last_activated_at, rolled_back, training_job_id, artifact_removed_at`;

/**
 * Every trained model version of an app: its task, config, data fingerprint, metrics and an artifact
 * directory pinned by sha256, with a status (candidate → active → retired). Promotion and rollback are
 * single transactions serialised per task, so at every instant a task has at most one active version.
 * Artifacts live under `<DEEPWORKS_HOME>/models/<app>/`; rows live in the app's schema. After each
 * registration and promotion, artifacts beyond the retention rule are deleted (`pruneArtifacts`).
 */
@Injectable()
export class ModelRegistry {
  private readonly root: string;
  private readonly retention: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PLATFORM_OPTIONS) options: PlatformOptions,
    private readonly logger: JsonLogger,
  ) {
    this.root = resolve(options.environment.DEEPWORKS_HOME, 'models', options.app);
    this.retention = options.environment.MODEL_RETENTION;
  }

  /** A started holder of the task's active version for the serving side; `stop()` it on shutdown. */
  watch<T>(task: string, loader: ModelLoader<T>, options?: ActiveModelOptions): ActiveModel<T> {
    assertTaskName(task);
    const active = new ActiveModel(this, task, loader, this.logger, options);
    active.start();
    return active;
  }

  async register(request: RegisterModelRequest): Promise<ModelVersion> {
    assertTaskName(request.task);
    if (request.trainingJobId) {
      const registered = await this.registeredBy(request.trainingJobId);
      if (registered) return registered;
    }
    const digest = await digestDirectory(request.sourceDir);
    const id = randomUUID();
    const artifactDir = join(this.root, request.task, id);
    await mkdir(join(this.root, request.task), { recursive: true });
    let registered: ModelVersion;
    try {
      await cp(request.sourceDir, artifactDir, { recursive: true, errorOnExist: true, force: false });
      const copied = await digestDirectory(artifactDir);
      if (copied.sha256 !== digest.sha256)
        throw new Error(`artifact changed while copying ${request.sourceDir}`);
      registered = await this.dataSource.transaction(async (manager) => {
        await lockTask(manager, request.task);
        const rows: VersionRow[] = await manager.query(
          `INSERT INTO model_versions (id, task, version, config, data_fingerprint, metrics, artifact_dir,
             artifact_sha256, artifact_bytes, created_by, training_job_id)
           SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10
             FROM model_versions WHERE task = $2
           RETURNING ${COLUMNS}`,
          [
            id,
            request.task,
            request.config,
            request.dataFingerprint,
            request.metrics,
            artifactDir,
            digest.sha256,
            digest.bytes,
            request.createdBy,
            request.trainingJobId ?? null,
          ],
        );
        await recordEvent(manager, id, 'registered', request.createdBy);
        return toVersion(rows[0]);
      });
    } catch (error) {
      // Nothing half-written: a version either has its row and its directory, or neither.
      await rm(artifactDir, { recursive: true, force: true });
      throw error;
    }
    await this.pruneQuietly(request.task);
    return registered;
  }

  /** The version a training job registered, if it got that far. */
  async registeredBy(trainingJobId: string): Promise<ModelVersion | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM model_versions WHERE training_job_id = $1`,
      [trainingJobId],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  async list(task?: string): Promise<ModelVersion[]> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM model_versions WHERE $1::text IS NULL OR task = $1 ORDER BY task, version DESC`,
      [task ?? null],
    );
    return rows.map(toVersion);
  }

  async get(id: string): Promise<ModelVersion> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM model_versions WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw new DomainException('not_found', 'MODEL_VERSION_NOT_FOUND', `No model version ${id}`);
    return toVersion(rows[0]);
  }

  async active(task: string): Promise<ModelVersion | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM model_versions WHERE task = $1 AND status = 'active'`,
      [task],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  /** The id of the task's active version: the cheap query a serving process polls. */
  async activeId(task: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM model_versions WHERE task = $1 AND status = 'active'`,
      [task],
    );
    return rows[0]?.id ?? null;
  }

  /** Makes `id` its task's active version; the one active before is retired. */
  async promote(id: string, actor: string): Promise<ModelVersion> {
    const target = await this.get(id);
    await this.assertLoadable(target);
    const promoted = await this.dataSource.transaction(async (manager) => {
      await lockTask(manager, target.task);
      const current = await selectActive(manager, target.task);
      if (current?.id === id) return toVersion(current);
      // Checked again under the lock: a concurrent prune may have removed it since.
      if ((await selectById(manager, id))?.artifact_removed_at) throw artifactRemoved(target);
      if (current) await retire(manager, current.id, actor);
      return toVersion(await activate(manager, id, actor));
    });
    await this.pruneQuietly(target.task);
    return promoted;
  }

  /**
   * Retires the active version as rolled back and re-activates the one that was active most recently
   * before it (skipping versions already rolled back, so repeated rollbacks walk further back).
   */
  async rollback(task: string, actor: string): Promise<ModelVersion> {
    assertTaskName(task);
    return this.dataSource.transaction(async (manager) => {
      await lockTask(manager, task);
      const current = await selectActive(manager, task);
      if (!current)
        throw new DomainException('conflict', 'NO_ACTIVE_MODEL', `Task ${task} has no active model`);
      const previous: { id: string }[] = await manager.query(
        `SELECT id FROM model_versions
          WHERE task = $1 AND status = 'retired' AND NOT rolled_back AND last_activated_at IS NOT NULL
            AND artifact_removed_at IS NULL
          ORDER BY last_activated_at DESC LIMIT 1`,
        [task],
      );
      if (!previous[0])
        throw new DomainException(
          'conflict',
          'NOTHING_TO_ROLL_BACK_TO',
          `Task ${task} has no earlier active model`,
        );
      await this.assertLoadable(await this.get(previous[0].id));
      await manager.query(`UPDATE model_versions SET status = 'retired', rolled_back = true WHERE id = $1`, [
        current.id,
      ]);
      await recordEvent(manager, current.id, 'rolled-back', actor);
      return toVersion(await activate(manager, previous[0].id, actor));
    });
  }

  /**
   * Deletes the artifacts of versions kept only as a record: besides the active version (never touched),
   * a task keeps the `keep` most recently active retired versions (what rollback can return to) and the
   * `keep` newest candidates. Rows stay, marked `artifactRemovedAt`, and such a version can no longer be
   * promoted or rolled back to. Rows are marked first, in one transaction under the task's lock; the
   * directories go after it, and a directory left by an interrupted prune goes at the next one.
   * Returns the versions newly marked.
   */
  async pruneArtifacts(task: string, keep = this.retention): Promise<ModelVersion[]> {
    assertTaskName(task);
    if (!(Number.isInteger(keep) && keep >= 0))
      throw new RangeError(`keep must be an integer ≥ 0, got ${keep}`);
    const removed = await this.dataSource.transaction(async (manager) => {
      await lockTask(manager, task);
      const rows: [VersionRow[], number] = await manager.query(
        `WITH ranked AS (
           SELECT id, row_number() OVER (
                    PARTITION BY status ORDER BY coalesce(last_activated_at, created_at) DESC, version DESC
                  ) AS place
             FROM model_versions
            WHERE task = $1 AND status <> 'active' AND artifact_removed_at IS NULL)
         UPDATE model_versions SET artifact_removed_at = clock_timestamp()
           FROM ranked WHERE model_versions.id = ranked.id AND ranked.place > $2
         RETURNING ${COLUMNS.replace(/(\w+)/g, 'model_versions.$1')}`,
        [task, keep],
      );
      for (const row of rows[0]) await recordEvent(manager, row.id, 'artifact-removed', 'retention');
      return rows[0].map(toVersion);
    });
    const marked: { artifact_dir: string }[] = await this.dataSource.query(
      `SELECT artifact_dir FROM model_versions WHERE task = $1 AND artifact_removed_at IS NOT NULL`,
      [task],
    );
    for (const { artifact_dir: directory } of marked) await rm(directory, { recursive: true, force: true });
    if (removed.length > 0) {
      this.logger.event('info', 'model.artifacts_removed', {
        task,
        versions: removed.map((version) => version.version),
        bytes: removed.reduce((total, version) => total + version.artifactBytes, 0),
      });
    }
    return removed;
  }

  /** Retention after a registration or promotion: a failure is logged, never the caller's failure. */
  private async pruneQuietly(task: string): Promise<void> {
    await this.pruneArtifacts(task).catch((error: unknown) =>
      this.logger.event('warn', 'model.prune_failed', { task, reason: String(error) }),
    );
  }

  /**
   * A version whose artifact is missing or changed on disk is never made active: every server would
   * refuse to load it and keep serving the old one, so the registry would say one thing and serve another.
   */
  private async assertLoadable(version: ModelVersion): Promise<void> {
    if (version.artifactRemovedAt) throw artifactRemoved(version);
    try {
      await this.verifiedArtifactDir(version);
    } catch (error) {
      throw new DomainException('conflict', 'ARTIFACT_INVALID', (error as Error).message, {
        versionId: version.id,
      });
    }
  }

  /** Recomputes the artifact's digest; a version whose files changed on disk is refused. */
  async verifiedArtifactDir(version: ModelVersion): Promise<string> {
    const digest = await digestDirectory(version.artifactDir).catch((error: unknown) => {
      throw new Error(`model ${version.task} v${version.version}: artifact unreadable (${String(error)})`);
    });
    if (digest.sha256 !== version.artifactSha256)
      throw new Error(
        `model ${version.task} v${version.version}: artifact sha256 mismatch, refusing to load`,
      );
    return version.artifactDir;
  }
}

function assertTaskName(task: string): void {
  if (!TASK_NAME.test(task))
    throw new DomainException(
      'invalid',
      'INVALID_TASK_NAME',
      `Task name "${task}" must match ${TASK_NAME.source}`,
    );
}

async function lockTask(manager: EntityManager, task: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('model_versions:' || $1))`, [task]);
}

async function selectActive(manager: EntityManager, task: string): Promise<VersionRow | undefined> {
  const rows: VersionRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM model_versions WHERE task = $1 AND status = 'active'`,
    [task],
  );
  return rows[0];
}

async function selectById(manager: EntityManager, id: string): Promise<VersionRow | undefined> {
  const rows: VersionRow[] = await manager.query(`SELECT ${COLUMNS} FROM model_versions WHERE id = $1`, [id]);
  return rows[0];
}

function artifactRemoved(version: ModelVersion): DomainException {
  return new DomainException(
    'conflict',
    'ARTIFACT_REMOVED',
    `model ${version.task} v${version.version}: its artifact was deleted by the retention rule (MODEL_RETENTION)`,
    { versionId: version.id },
  );
}

async function activate(manager: EntityManager, id: string, actor: string): Promise<VersionRow> {
  const rows: [VersionRow[], number] = await manager.query(
    `UPDATE model_versions SET status = 'active', last_activated_at = clock_timestamp(), rolled_back = false
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  await recordEvent(manager, id, 'promoted', actor);
  return rows[0][0];
}

async function retire(manager: EntityManager, id: string, actor: string): Promise<void> {
  await manager.query(`UPDATE model_versions SET status = 'retired' WHERE id = $1`, [id]);
  await recordEvent(manager, id, 'retired', actor);
}

async function recordEvent(manager: EntityManager, id: string, action: string, actor: string): Promise<void> {
  await manager.query('INSERT INTO model_version_events (version_id, action, actor) VALUES ($1, $2, $3)', [
    id,
    action,
    actor,
  ]);
}

function toVersion(row: VersionRow): ModelVersion {
  return {
    id: row.id,
    task: row.task,
    version: row.version,
    status: row.status,
    config: row.config,
    dataFingerprint: row.data_fingerprint,
    metrics: row.metrics,
    artifactDir: row.artifact_dir,
    artifactSha256: row.artifact_sha256,
    artifactBytes: Number(row.artifact_bytes),
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastActivatedAt: row.last_activated_at,
    rolledBack: row.rolled_back,
    trainingJobId: row.training_job_id,
    artifactRemovedAt: row.artifact_removed_at,
  };
}

/** sha256 over every file's relative path and content, in path order: one digest pins the directory. */
export async function digestDirectory(dir: string): Promise<{ sha256: string; bytes: number }> {
  const files = (await listFiles(dir)).sort();
  if (files.length === 0) throw new Error(`artifact directory ${dir} is empty`);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const file of files) {
    const content = await readFile(file);
    bytes += content.length;
    hash.update(relative(dir, file)).update('\0').update(createHash('sha256').update(content).digest());
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listFiles(path);
      if (!entry.isFile() || !(await stat(path)).isFile()) throw new Error(`${path} is not a plain file`);
      return [path];
    }),
  );
  return nested.flat();
}
