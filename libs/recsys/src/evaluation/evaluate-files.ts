import { resolveBackend, type EngineBackendChoice } from '@deepworks/engine';
import { InteractionMatrix } from '../matrix/interaction-matrix';
import {
  defaultRecommenderRegistry,
  registryEntry,
  type RecommenderParameters,
  type RecommenderRegistry,
} from '../models/recommender.registry';
import { carveValidationFolds, type ValidationFold } from '../protocols/random-split.protocol';
import type { CatalogueItem, Interaction } from '../interactions/interaction';
import type { Recommender } from '../models/recommender';
import {
  detectInteractionFormat,
  readInteractionsFile,
  readItemsFile,
} from '../readers/interaction-file.reader';
import { evaluateFullRanking } from './full-ranking.evaluation';
import { evaluateSampledRanking } from './sampled-ranking.evaluation';
import { round, selectModel, type CandidateScore } from './model-selection';

export interface EvaluateFilesOptions {
  /** Interactions CSV (`user,item[,rating][,timestamp]`, header required). */
  trainCsv: string;
  testCsv: string;
  /**
   * Optional validation CSV: used for model selection instead of a share carved from train, and its
   * items are masked when ranking for test (RecBole's full-ranking protocol). Never trained on.
   */
  validCsv?: string;
  /**
   * Sampled negatives (`user,item` rows, e.g. the split command's `negatives.csv`): the test item is then
   * ranked among its user's negatives only (NCF's protocol, He et al. 2017, §4.1) instead of the whole
   * catalogue; the result holds `hit@k` and `ndcg@k` of that protocol.
   */
  negativesCsv?: string;
  /**
   * Catalogue CSV (`id,title[,text][,tags]`, e.g. the split command's `items.csv`): its texts feed
   * text-aware models (`twotower`), and its items join the ranking even without training events, so the
   * result also holds `cold_start`: test interactions with those new items, ranked among them only.
   */
  itemsCsv?: string;
  /** A registry name (`pop`, `itemknn`, `ease`, `mf`, …) or `best`. */
  model: string;
  k?: number;
  /** For a named model: pick its hyper-parameters on validation too (default: its defaults). */
  tune?: boolean;
  /** Seed of the validation carve and of every fit; default 42. */
  seed?: number;
  /** Share of each user's training interactions carved out for selection; default 0.1. */
  validationFraction?: number;
  /** Disjoint carves averaged by selection (ignored with `validCsv`); default 3. */
  validationFolds?: number;
  /** Models to choose from; default `defaultRecommenderRegistry()`. */
  registry?: RecommenderRegistry;
  /**
   * Engine backend to make active first (latent-factor models score with `tf.matMul`); default: leave
   * the active one as it is. The CLI passes `wasm`.
   */
  backend?: EngineBackendChoice;
}

/** Flat result, metric keys carrying the actual k (`ndcg@10`). */
export interface FileEvaluation {
  [metric: `${string}@${number}`]: number;
  /** Full ranking only: share of the catalogue recommended to someone. */
  coverage?: number;
  users: number;
  protocol: 'full ranking' | 'sampled negatives';
  /** The fitted model and its settings, e.g. `ease(lambda=300)`. */
  model: string;
  /** Seconds spent fitting: selection (all candidates) plus the final fit. */
  train_s: number;
  /** Validation NDCG of every candidate, when there was a selection. */
  selection?: CandidateScore[];
  /** With a catalogue: items absent from train, ranked among themselves for the users who took them in test. */
  cold_start?: ColdStartEvaluation;
}

export interface ColdStartEvaluation {
  [metric: `${string}@${number}`]: number;
  /** Catalogue items without a training interaction (the candidates). */
  items: number;
  /** Known users with at least one test interaction on such an item. */
  users: number;
}

/**
 * Fits a model on a train file and scores it on a test file by full ranking (train items excluded;
 * users and items absent from train skipped, as the numpy EASE peer does). `best` (or `tune`) picks
 * among candidates by NDCG@k on validation — `validCsv`, or a per-user share carved from train —
 * and refits the winner on all of train; the test file is read only for the final score.
 */
export async function evaluateFiles(options: EvaluateFilesOptions): Promise<FileEvaluation> {
  const k = options.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const seed = options.seed ?? 42;
  const registry = options.registry ?? defaultRecommenderRegistry();
  const selecting = options.model === 'best' || options.tune === true;
  const models =
    options.model === 'best'
      ? [...registry.entries()].filter(([, entry]) => entry.inBest).map(([name]) => name)
      : [options.model];
  models.forEach((name) => registryEntry(registry, name));

  if (options.backend) await resolveBackend(options.backend);
  const train = readInteractionsFile(options.trainCsv, detectInteractionFormat(options.trainCsv));
  const catalogue = options.itemsCsv ? readItemsFile(options.itemsCsv, 'csv') : undefined;
  const itemTexts = catalogue ? new Map(catalogue.map((item) => [item.id, itemDocument(item)])) : undefined;
  const validation = options.validCsv
    ? readInteractionsFile(options.validCsv, detectInteractionFormat(options.validCsv))
    : undefined;
  const started = performance.now();
  let chosen: { model: string; parameters: RecommenderParameters } = { model: models[0], parameters: {} };
  let selection: CandidateScore[] | undefined;
  if (selecting) {
    const folds: ValidationFold[] = validation
      ? [{ train, validation }]
      : carveValidationFolds(train, {
          seed,
          fraction: options.validationFraction ?? 0.1,
          folds: options.validationFolds ?? 3,
        });
    const result = await selectModel(folds, { registry, models, tune: true, k, seed, itemTexts });
    chosen = result.best;
    selection = result.candidates;
  }
  const matrix = InteractionMatrix.fromInteractions(
    train,
    catalogue ? { itemIds: catalogueUniverse(train, catalogue) } : {},
  );
  const recommender = registryEntry(registry, chosen.model).create(chosen.parameters);
  await recommender.fit(matrix, { seed, itemTexts });
  const trainSeconds = (performance.now() - started) / 1000;

  const test = readInteractionsFile(options.testCsv, detectInteractionFormat(options.testCsv));
  if (options.negativesCsv) {
    const negatives = new Map<string, string[]>();
    for (const { user, item } of readInteractionsFile(
      options.negativesCsv,
      detectInteractionFormat(options.negativesCsv),
    )) {
      const list = negatives.get(user);
      if (list) list.push(item);
      else negatives.set(user, [item]);
    }
    const sampled = evaluateSampledRanking(recommender, matrix, test, negatives, k);
    return {
      [`hit@${k}`]: round(sampled.hit, 4),
      [`ndcg@${k}`]: round(sampled.ndcg, 4),
      users: sampled.users,
      protocol: 'sampled negatives',
      model: recommender.description,
      train_s: round(trainSeconds, 3),
      ...(selection ? { selection } : {}),
    };
  }
  const report = evaluateFullRanking(recommender, matrix, test, { k, exclude: validation });
  const metrics: Record<`${string}@${number}`, number> = {};
  for (const name of ['ndcg', 'recall', 'hit', 'map'])
    metrics[`${name}@${k}`] = round(report[`${name}@${k}`], 4);
  const result: FileEvaluation = {
    ...metrics,
    coverage: round(report.coverage, 4),
    users: report.users,
    protocol: 'full ranking',
    model: recommender.description,
    train_s: round(trainSeconds, 3),
  };
  if (selection) result.selection = selection;
  if (catalogue) result.cold_start = evaluateColdStart(recommender, matrix, test, { k, exclude: validation });
  return result;
}

/** What a text model reads of a catalogue item: its text (title first) and tags. */
function itemDocument(item: CatalogueItem): string {
  return [item.text, ...item.tags].join(' ');
}

/** Train's items and the catalogue's, in the order `InteractionMatrix` gives ids. */
function catalogueUniverse(train: readonly Interaction[], catalogue: readonly CatalogueItem[]): string[] {
  const ids = new Set(train.map((interaction) => interaction.item));
  for (const item of catalogue) ids.add(item.id);
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Full ranking restricted to the items without training events: can the model place a new item? */
function evaluateColdStart(
  recommender: Recommender,
  matrix: InteractionMatrix,
  test: readonly Interaction[],
  options: { k: number; exclude?: readonly Interaction[] },
): ColdStartEvaluation {
  const popularity = matrix.itemPopularity();
  const candidates = [...popularity.keys()].filter((item) => popularity[item] === 0);
  if (candidates.length === 0) return { items: 0, users: 0 };
  const { k } = options;
  const metrics: Record<`${string}@${number}`, number> = {};
  const report = evaluateFullRanking(recommender, matrix, test, { ...options, candidates });
  if (report.users === 0) return { items: candidates.length, users: 0 };
  for (const name of ['ndcg', 'recall', 'hit'])
    metrics[`${name}@${k}`] = round(report[`${name}@${k}`] ?? 0, 4);
  return { ...metrics, items: candidates.length, users: report.users };
}
