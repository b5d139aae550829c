import { InteractionMatrix } from '../matrix/interaction-matrix';
import {
  registryEntry,
  type RecommenderParameters,
  type RecommenderRegistry,
} from '../models/recommender.registry';
import type { ValidationFold } from '../protocols/random-split.protocol';
import { evaluateFullRanking } from './full-ranking.evaluation';

export interface ModelSelectionOptions {
  registry: RecommenderRegistry;
  /** Registry names to consider. */
  models: readonly string[];
  /** Try each model's whole search space (true) or only its defaults (false). */
  tune: boolean;
  k: number;
  seed?: number;
  /** Item texts for models that read them (`FitOptions.itemTexts`). */
  itemTexts?: ReadonlyMap<string, string>;
}

/** One candidate's validation result. */
export interface CandidateScore {
  model: string;
  parameters: RecommenderParameters;
  description: string;
  /** NDCG@k on the validation interactions, averaged over the folds. */
  ndcg: number;
  /** Mean seconds per fit. */
  fit_s: number;
}

export interface ModelSelection {
  best: CandidateScore;
  candidates: CandidateScore[];
}

/**
 * Fits every candidate (model × setting) on each fold's train part and ranks the candidates by
 * full-ranking NDCG@k on the fold's validation part (train items excluded), averaged over folds:
 * on ML-100K one 10 % carve moves the best EASE λ between 200 and 800, five carves agree with test
 * (README). The test split is never an input here, so selection cannot peek. Ties keep the earlier.
 */
export async function selectModel(
  folds: readonly ValidationFold[],
  options: ModelSelectionOptions,
): Promise<ModelSelection> {
  if (folds.length === 0) throw new Error('model selection needs at least one validation fold');
  const matrices = folds.map((fold) => InteractionMatrix.fromInteractions(fold.train));
  const candidates: CandidateScore[] = [];
  for (const model of options.models) {
    const entry = registryEntry(options.registry, model);
    const settings = options.tune ? entry.searchSpace : [{}];
    for (const parameters of settings) {
      let ndcg = 0;
      let seconds = 0;
      let description = model;
      for (const [index, fold] of folds.entries()) {
        const recommender = entry.create(parameters);
        description = recommender.description;
        const started = performance.now();
        await recommender.fit(matrices[index], { seed: options.seed, itemTexts: options.itemTexts });
        seconds += (performance.now() - started) / 1000;
        const report = evaluateFullRanking(recommender, matrices[index], fold.validation, { k: options.k });
        ndcg += report[`ndcg@${options.k}`] / folds.length;
      }
      candidates.push({
        model,
        parameters,
        description,
        ndcg: round(ndcg, 5),
        fit_s: round(seconds / folds.length, 3),
      });
    }
  }
  if (candidates.length === 0) throw new Error('model selection needs at least one candidate');
  const best = candidates.reduce((leader, candidate) => (candidate.ndcg > leader.ndcg ? candidate : leader));
  return { best, candidates };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
