import { defaultRecommenderRegistry, type InteractionMatrix, registryEntry } from '@deepworks/recsys';
import {
  blendTextIntoWeights,
  type ColdStartOptions,
  imputeFactorsFromText,
} from '../model/cold-start.blend';
import type { ItemTextIndex } from '../model/item-text.index';
import { type ModelItem, RecommendationModel } from '../model/recommendation.model';
import type { SparseRows } from '../model/sparse-rows.matrix';
import { DEFAULT_NEURAL_MF, fitNeuralMf, NEURAL_MF_PARAMETERS } from './neural-mf.trainer';
import { servedParameters } from './recsys-model.adapter';

/** Models the app can train and serve, with the hyper-parameters each accepts. */
export const SERVABLE_MODELS = {
  ease: { registryName: 'ease', parameters: ['lambda', 'dropout'] },
  itemknn: { registryName: 'itemknn', parameters: ['neighbours', 'shrinkage'] },
  mf: { registryName: null, parameters: NEURAL_MF_PARAMETERS },
  als: {
    registryName: 'als',
    parameters: ['factors', 'regularization', 'alpha', 'iterations', 'conjugateGradientSteps'],
  },
  bpr: { registryName: 'bpr', parameters: ['factors', 'learningRate', 'regularization', 'epochs'] },
  popularity: { registryName: 'pop', parameters: [] },
  twotower: {
    registryName: 'twotower',
    parameters: ['dim', 'tokensPerItem', 'epochs', 'negatives', 'learningRate', 'batchSize', 'idDropout'],
  },
} as const satisfies Record<string, { registryName: string | null; parameters: readonly string[] }>;

export type ServableModel = keyof typeof SERVABLE_MODELS;
export const SERVABLE_MODEL_NAMES = Object.keys(SERVABLE_MODELS) as ServableModel[];

/**
 * Defaults for this shop's scale: EASE's λ = 500 suits MovieLens' dense columns; a shop's item
 * columns hold tens of users, and λ of that order keeps B from shrinking to nothing.
 */
export const DEFAULT_PARAMETERS: Record<ServableModel, Record<string, number>> = {
  ease: { lambda: 50 },
  itemknn: { neighbours: 50, shrinkage: 10 },
  mf: { ...DEFAULT_NEURAL_MF },
  als: {},
  bpr: {},
  popularity: {},
  twotower: {},
};

export interface ServedModelConfig {
  model: ServableModel;
  parameters: Record<string, number>;
  /** null: no text component (pure behaviour model). */
  coldStart: ColdStartOptions | null;
  seed: number;
}

/** The catalogue in the training matrix's item order: what is served, and the text models read. */
export interface ServedCatalogue {
  items: ModelItem[];
  text: ItemTextIndex;
  /** Each item's text (title, description, tags, category), aligned with `items`. */
  documents: readonly string[];
}

export interface FittedServedModel {
  model: RecommendationModel;
  description: string;
  textScale: number | null;
}

/**
 * Fits a recsys model on the interaction matrix and turns it into what is served: its item-item
 * weights (with the cold-start text component folded in), the histories it was fitted on,
 * popularity and the catalogue's text index.
 */
export async function fitServedModel(
  config: ServedModelConfig,
  train: InteractionMatrix,
  catalogue: ServedCatalogue,
  /** A superseded job's: the engine-trained models stop between epochs. */
  signal?: AbortSignal,
): Promise<FittedServedModel> {
  const { items, text } = catalogue;
  const popularity = Float32Array.from(train.itemPopularity());
  const histories: SparseRows = {
    rowCount: train.userCount,
    columnCount: train.itemCount,
    pointers: train.rowPointers,
    indices: train.columnIndices,
    values: train.values,
  };
  const base = { items: [...items], userIds: [...train.userIds], histories, popularity, text };
  if (config.model === 'popularity') {
    return {
      model: new RecommendationModel({ ...base, kind: 'popularity', weights: null }),
      description: 'pop',
      textScale: null,
    };
  }
  if (config.model === 'mf') {
    const parameters = { ...DEFAULT_NEURAL_MF, ...config.parameters };
    let factors = await fitNeuralMf(train, { ...parameters, seed: config.seed, signal });
    if (config.coldStart) factors = imputeFactorsFromText(factors, text, popularity, config.coldStart);
    return {
      model: new RecommendationModel({ ...base, kind: 'factors', factors }),
      description: `neural-mf(dim=${parameters.dim}, epochs=${parameters.epochs}, negatives=${parameters.negatives})`,
      textScale: null,
    };
  }
  const recommender = registryEntry(
    defaultRecommenderRegistry(),
    SERVABLE_MODELS[config.model].registryName,
  ).create(config.parameters);
  const itemTexts = new Map(items.map((item, index) => [item.id, catalogue.documents[index]]));
  await recommender.fit(train, { seed: config.seed, itemTexts, signal });
  const served = servedParameters(recommender, train);
  if (served.kind === 'factors') {
    let factors = served.factors;
    if (config.coldStart) factors = imputeFactorsFromText(factors, text, popularity, config.coldStart);
    return {
      model: new RecommendationModel({ ...base, kind: 'factors', factors }),
      description: recommender.description,
      textScale: null,
    };
  }
  let weights = served.weights;
  let textScale: number | null = null;
  if (config.coldStart) {
    const blend = blendTextIntoWeights(weights, histories, text, popularity, config.coldStart);
    weights = blend.weights;
    textScale = blend.scale;
  }
  return {
    model: new RecommendationModel({ ...base, kind: 'item-item', weights }),
    description: recommender.description,
    textScale,
  };
}
