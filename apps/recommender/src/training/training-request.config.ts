import { DEFAULT_COLD_START } from '../model/cold-start.blend';
import {
  DEFAULT_PARAMETERS,
  SERVABLE_MODELS,
  type ServableModel,
  type ServedModelConfig,
} from './served-model.builder';

export const RECOMMENDATIONS_TASK = 'recommendations';
export const TRAINING_QUEUE = 'train-recommender';

/** A training run's settings, as queued and as recorded with the model version. */
export interface TrainingRequest {
  model: ServableModel;
  parameters: Record<string, number>;
  coldStart: boolean;
  holdout: number;
  seed: number;
}

export interface TrainingJob {
  runId: string;
  request: TrainingRequest;
}

/** The hyper-parameters a request names that its model does not know (typos are errors, not defaults). */
export function unknownParameters(model: ServableModel, parameters: Record<string, unknown>): string[] {
  const allowed: readonly string[] = SERVABLE_MODELS[model].parameters;
  return Object.keys(parameters).filter((name) => !allowed.includes(name));
}

export function servedModelConfig(request: TrainingRequest): ServedModelConfig {
  return {
    model: request.model,
    parameters: { ...DEFAULT_PARAMETERS[request.model], ...request.parameters },
    coldStart: request.coldStart && request.model !== 'popularity' ? { ...DEFAULT_COLD_START } : null,
    seed: request.seed,
  };
}

/**
 * The request recorded in a registered version's config, read back to re-evaluate the active
 * version's settings on a new run's split; undefined when it is not one of ours.
 */
export function requestFromConfig(config: Record<string, unknown>): TrainingRequest | undefined {
  const request = config.request as Partial<TrainingRequest> | undefined;
  if (!request || typeof request !== 'object' || typeof request.model !== 'string') return undefined;
  if (!(request.model in SERVABLE_MODELS)) return undefined;
  const parameters = request.parameters ?? {};
  if (
    typeof parameters !== 'object' ||
    Object.values(parameters).some((value) => typeof value !== 'number')
  ) {
    return undefined;
  }
  return {
    model: request.model,
    parameters,
    coldStart: request.coldStart === true,
    holdout: typeof request.holdout === 'number' ? request.holdout : 0.2,
    seed: typeof request.seed === 'number' ? request.seed : 42,
  };
}
