import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  type ActiveModel,
  ModelRegistry,
  PLATFORM_OPTIONS,
  type PlatformOptions,
  type ServedModel,
} from '@deepworks/platform';
import { type LoadedSentimentModel, loadSentimentModel } from '../model/sentiment-model.artifact';
import type { SentimentEnvironment } from '../sentiment.environment';

/** Registry task of the sentiment classifier. */
export const SENTIMENT_TASK = 'sentiment';

/**
 * The active registry version of the sentiment model, loaded from its artifact directory and swapped
 * atomically on promote/rollback (the registry's `ActiveModel`). Started lazily: only the processes that
 * score (the worker) ever load a model.
 */
@Injectable()
export class SentimentModelProvider implements OnModuleDestroy {
  private active: ActiveModel<LoadedSentimentModel> | null = null;

  constructor(
    private readonly registry: ModelRegistry,
    @Inject(PLATFORM_OPTIONS) private readonly options: PlatformOptions,
  ) {}

  /** The active model, after asking the registry once (a just-promoted version is picked up). */
  async current(): Promise<ServedModel<LoadedSentimentModel> | null> {
    this.active ??= this.registry.watch(
      SENTIMENT_TASK,
      { load: (_version, dir) => loadSentimentModel(dir) },
      { pollMs: (this.options.environment as SentimentEnvironment).SENTIMENT_MODEL_POLL_MS },
    );
    await this.active.refresh();
    return this.active.current();
  }

  onModuleDestroy(): void {
    this.active?.stop();
  }
}
