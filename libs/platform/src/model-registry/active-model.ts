import type { JsonLogger } from '../logging/json-logger';
import type { ModelRegistry, ModelVersion } from './model-registry.service';

export interface ServedModel<T> {
  version: ModelVersion;
  model: T;
}

/** How one app turns a registry artifact into something it can serve, and frees it again. */
export interface ModelLoader<T> {
  load(version: ModelVersion, artifactDir: string): Promise<T>;
  release?(model: T): void;
}

export interface ActiveModelOptions {
  /** How often the registry is asked which version is active. */
  pollMs?: number;
  /** How long a replaced model stays alive for requests that already hold it. */
  releaseAfterMs?: number;
  /** First wait before a version that failed to load is tried again; doubles per failure, up to 10 min. */
  retryAfterMs?: number;
}

const MAX_RETRY_MS = 10 * 60_000;

/**
 * The serving side of one task: a reference to the loaded active version, swapped in one assignment
 * when the registry's active version changes (promote, rollback). Requests take `current()` once and
 * use that snapshot; a replaced model is released only after a grace period. A version that fails to
 * load is logged and the previous one keeps serving; the failed one is tried again after a back-off
 * (30 s, doubling, at most 10 min), as its artifact may have been out of reach only for a while.
 */
export class ActiveModel<T> {
  private served: ServedModel<T> | null = null;
  private inFlight: Promise<void> | null = null;
  private failed: { versionId: string; failures: number; retryAt: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly releases = new Set<NodeJS.Timeout>();

  constructor(
    private readonly registry: ModelRegistry,
    readonly task: string,
    private readonly loader: ModelLoader<T>,
    private readonly logger: JsonLogger,
    private readonly options: ActiveModelOptions = {},
  ) {}

  current(): ServedModel<T> | null {
    return this.served;
  }

  /** Loads the active version if it is not the one served; concurrent calls share one load. */
  refresh(): Promise<void> {
    this.inFlight ??= this.sync().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refresh(), this.options.pollMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const pending of this.releases) clearTimeout(pending);
    this.releases.clear();
    if (this.served) this.loader.release?.(this.served.model);
    this.served = null;
  }

  private async sync(): Promise<void> {
    try {
      const activeId = await this.registry.activeId(this.task);
      if (activeId === (this.served?.version.id ?? null)) return;
      if (activeId === this.failed?.versionId && Date.now() < this.failed.retryAt) return;
      if (activeId === null) {
        this.swap(null);
        return;
      }
      const version = await this.registry.get(activeId);
      try {
        const model = await this.loader.load(version, await this.registry.verifiedArtifactDir(version));
        this.swap({ version, model });
        this.failed = null;
        this.logger.event(
          'info',
          'model.activated',
          { task: this.task, version: version.version },
          'ActiveModel',
        );
      } catch (error) {
        const failures = this.failed?.versionId === activeId ? this.failed.failures + 1 : 1;
        const waitMs = Math.min(MAX_RETRY_MS, (this.options.retryAfterMs ?? 30_000) * 2 ** (failures - 1));
        this.failed = { versionId: activeId, failures, retryAt: Date.now() + waitMs };
        this.logger.event(
          'error',
          'model.load_failed',
          { task: this.task, version: version.version, reason: String(error), failures, retryInMs: waitMs },
          'ActiveModel',
        );
      }
    } catch (error) {
      this.logger.event(
        'warn',
        'model.poll_failed',
        { task: this.task, reason: String(error) },
        'ActiveModel',
      );
    }
  }

  private swap(next: ServedModel<T> | null): void {
    const previous = this.served;
    this.served = next;
    if (!previous || !this.loader.release) return;
    const release = this.loader.release.bind(this.loader);
    const pending = setTimeout(() => {
      this.releases.delete(pending);
      release(previous.model);
    }, this.options.releaseAfterMs ?? 30_000);
    pending.unref();
    this.releases.add(pending);
  }
}
