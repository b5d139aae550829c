import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { loadTriageClassifier, type TriageClassifier } from '@deepworks/imaging';
import { type ActiveModel, ModelRegistry, type ServedModel } from '@deepworks/platform';

/** The registry task under which triage classifiers are versioned. */
export const TRIAGE_MODEL_TASK = 'triage-classifier';

/** The active triage classifier of this process, swapped when the registry's active version changes. */
@Injectable()
export class TriageModel implements OnApplicationBootstrap, OnModuleDestroy {
  private active?: ActiveModel<TriageClassifier>;

  constructor(private readonly registry: ModelRegistry) {}

  async onApplicationBootstrap(): Promise<void> {
    this.active = this.registry.watch(TRIAGE_MODEL_TASK, {
      load: (_version, directory) => loadTriageClassifier(directory),
      release: (classifier) => classifier.dispose(),
    });
    await this.active.refresh();
  }

  onModuleDestroy(): void {
    this.active?.stop();
  }

  current(): ServedModel<TriageClassifier> | null {
    return this.active?.current() ?? null;
  }

  /** Picks up a promotion now rather than at the next poll. */
  async refresh(): Promise<ServedModel<TriageClassifier> | null> {
    await this.active?.refresh();
    return this.current();
  }
}
