import {
  type SearchConfig,
  type SearchRung,
  successiveHalving,
  successiveHalvingPlan,
  type tf,
} from '@deepworks/engine';
import {
  type ImageSet,
  type TriageModelMetadata,
  type TriageTrainingOptions,
  trainTriageClassifier,
} from '@deepworks/imaging';

/** Ranges around the trainer's defaults (learning rate 2e-3, batch 64, augmentation on). */
export const TRIAGE_SEARCH_SPACE = {
  learningRate: { kind: 'logUniform', min: 3e-4, max: 3e-3 },
  batchSize: { kind: 'choice', values: [16, 32, 64] },
  augmentation: { kind: 'choice', values: ['off', 'on'] },
} as const;

export type TriageSearchConfig = SearchConfig<typeof TRIAGE_SEARCH_SPACE>;

export interface TriageSearchSummary {
  trials: number;
  eta: number;
  /** Budgets are training epochs. */
  minBudget: number;
  maxBudget: number;
  /** Scores are validation AUCs. */
  best: { trialIndex: number; config: TriageSearchConfig; score: number; budget: number };
  rungs: SearchRung<TriageSearchConfig>[];
}

export interface TriageSearchOptions {
  trials: number;
  eta: number;
  /** The largest budget: the epochs the best config is finally trained for. */
  epochs: number;
  seed: number;
  /** Options every trial shares (architecture, class names, …); the searched ones are set per trial. */
  training: Omit<TriageTrainingOptions, 'epochs' | 'learningRate' | 'batchSize' | 'augmentation' | 'seed'>;
  onTrial?: (trial: {
    trialIndex: number;
    config: TriageSearchConfig;
    epochs: number;
    auc: number;
    done: number;
    of: number;
    /** Epochs trained so far over the epochs the whole search trains. */
    fraction: number;
  }) => Promise<void>;
}

/**
 * Successive halving over learning rate, batch size and augmentation, with epochs as the budget
 * (1 … `epochs`), scored by validation AUC. Every trial trains from scratch with the same seed (same
 * split, initial weights and batch order), so scores differ by the searched settings only. Returns the
 * model of the best trial at the last rung, which is the one trained for the most epochs; every other
 * model is disposed.
 */
export async function searchTriageClassifier(
  train: ImageSet,
  validation: ImageSet,
  options: TriageSearchOptions,
): Promise<{ model: tf.LayersModel; metadata: TriageModelMetadata; summary: TriageSearchSummary }> {
  const planOptions = { trials: options.trials, eta: options.eta, minBudget: 1, maxBudget: options.epochs };
  const plan = successiveHalvingPlan(planOptions);
  const totalEpochs = plan.reduce((sum, rung) => sum + rung.trials * rung.budget, 0);
  const totalTrials = plan.reduce((sum, rung) => sum + rung.trials, 0);
  let epochsDone = 0;
  let trialsDone = 0;
  // The models of the rung in progress (and of the last rung once the search ends), by trial.
  const models = new Map<number, { model: tf.LayersModel; metadata: TriageModelMetadata }>();
  const disposeModels = (keep?: number) => {
    for (const [trialIndex, trained] of models)
      if (trialIndex !== keep) {
        trained.model.dispose();
        models.delete(trialIndex);
      }
  };
  try {
    const result = await successiveHalving({
      ...planOptions,
      space: TRIAGE_SEARCH_SPACE,
      seed: options.seed,
      evaluate: async (config, budget, trialIndex) => {
        const trained = await trainTriageClassifier(train, validation, {
          ...options.training,
          epochs: budget,
          seed: options.seed,
          learningRate: config.learningRate,
          batchSize: config.batchSize,
          ...(config.augmentation === 'off' ? { augmentation: false as const } : {}),
        });
        models.set(trialIndex, trained);
        epochsDone += budget;
        trialsDone += 1;
        await options.onTrial?.({
          trialIndex,
          config,
          epochs: budget,
          auc: trained.metadata.validation.auc,
          done: trialsDone,
          of: totalTrials,
          fraction: epochsDone / totalEpochs,
        });
        return trained.metadata.validation.auc;
      },
      onRung: (rung) => {
        // Survivors are retrained from scratch at the next budget: no model of a finished rung is
        // needed, except the last rung's best, picked once the search returns.
        if (rung.promoted.length > 0) disposeModels();
      },
    });
    const best = models.get(result.best.trialIndex);
    if (!best) throw new Error(`no model kept for the best trial ${result.best.trialIndex}`);
    disposeModels(result.best.trialIndex);
    models.clear();
    return {
      ...best,
      summary: {
        trials: options.trials,
        eta: options.eta,
        minBudget: 1,
        maxBudget: options.epochs,
        ...result,
      },
    };
  } finally {
    disposeModels();
  }
}
