import { join } from 'node:path';
import {
  type EpochRecord,
  type tf,
  type TrainOptions,
  type TrainResult,
  trainModel,
} from '@deepworks/engine';
import { attachHead, type HeadOptions } from './backbone.surgery';
import { freeze, type FreezeSpec, type ParameterCounts, parameterCounts, unfreeze } from './layer.freezing';

export interface FineTuneOptions
  extends Omit<TrainOptions, 'epochs' | 'learningRate' | 'checkpointDir' | 'resume'> {
  head: HeadOptions;
  /** Epochs of phase 1: the backbone frozen, only the new head learns. */
  frozenEpochs: number;
  /** Epochs of phase 2: everything (but `keepFrozen`) learns, at `unfrozenLearningRate`. */
  unfrozenEpochs: number;
  /** Constant rate of phase 1. */
  learningRate: number;
  /** Constant rate of phase 2, lower so the pretrained features are adjusted, not overwritten; default rate / 10. */
  unfrozenLearningRate?: number;
  /**
   * Backbone layers that stay frozen in phase 2 too (e.g. `{ firstBlocks: 2 }`). Phase 2 unfreezes every
   * other layer, also ones frozen before the call; none stay frozen by default.
   */
  keepFrozen?: FreezeSpec;
  /** Checkpoints of phase 1 go to `<dir>/frozen`, of phase 2 to `<dir>/unfrozen`. */
  checkpointDir?: string;
}

export interface FineTunePhase {
  epochs: number;
  learningRate: number;
  parameters: ParameterCounts;
  history: EpochRecord[];
  result: TrainResult | null;
}

export interface FineTuneResult {
  /** The backbone's layers (trained in place) with the head on top; outputs logits. */
  model: tf.LayersModel;
  frozen: FineTunePhase;
  unfrozen: FineTunePhase;
}

/**
 * Two-phase transfer learning (Howard & Ruder 2018, "gradual unfreezing" in its simplest form; Keras'
 * fine-tuning guide): train a new head on the frozen backbone, then unfreeze and train everything at a
 * lower rate. The engine's `trainModel` builds one optimiser with one rate per call, so the rates are
 * per phase, not per layer: in phase 2 the head and the backbone share the lower rate.
 */
export async function fineTune(
  backbone: tf.LayersModel,
  data: { x: tf.Tensor | tf.Tensor[]; y: tf.Tensor },
  options: FineTuneOptions,
): Promise<FineTuneResult> {
  const { head, frozenEpochs, unfrozenEpochs, learningRate, keepFrozen, checkpointDir, ...rest } = options;
  const { unfrozenLearningRate = learningRate / 10, ...trainOptions } = rest;
  for (const [name, value] of Object.entries({ frozenEpochs, unfrozenEpochs }))
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`fineTune: ${name} must be a non-negative integer`);
  if (!(learningRate > 0) || !(unfrozenLearningRate > 0))
    throw new Error('fineTune: learning rates must be positive');

  const backboneLayers = new Set(backbone.layers);
  const model = attachHead(backbone, head);
  const run = async (
    epochs: number,
    rate: number,
    phase: string,
    seedOffset: number,
  ): Promise<FineTunePhase> => {
    const parameters = parameterCounts(model);
    if (epochs === 0) return { epochs, learningRate: rate, parameters, history: [], result: null };
    const result = await trainModel(model, data, {
      ...trainOptions,
      // A different seed per phase, so phase 2 does not replay phase 1's sample orders.
      seed: trainOptions.seed + seedOffset,
      epochs,
      learningRate: { kind: 'constant', rate },
      checkpointDir: checkpointDir && join(checkpointDir, phase),
    });
    return { epochs, learningRate: rate, parameters, history: result.history, result };
  };

  for (const layer of model.layers) layer.trainable = !backboneLayers.has(layer);
  const frozen = await run(frozenEpochs, learningRate, 'frozen', 0);
  unfreeze(model);
  if (keepFrozen) freeze(backbone, keepFrozen);
  const unfrozen = await run(unfrozenEpochs, unfrozenLearningRate, 'unfrozen', 1);
  return { model, frozen, unfrozen };
}
