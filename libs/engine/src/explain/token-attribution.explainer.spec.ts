import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveBackend } from '../backend/resolve-backend';
import { tokenAttributions } from './token-attribution.explainer';

const TOKENS = [5, 3, 0, 9, 1, 2];

/** embedding e(t) = t / 10 → mean over the 6 positions → logits [mean, −mean]. */
function linearTextModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.embedding({ inputDim: 10, outputDim: 1, inputLength: 6, name: 'embedding' }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 2, name: 'logits' }),
    ],
  });
  model
    .getLayer('embedding')
    .setWeights([tf.tensor2d(Array.from({ length: 10 }, (_, token) => [token / 10]))]);
  model.getLayer('logits').setWeights([tf.tensor2d([[1, -1]]), tf.zeros([2])]);
  return model;
}

function nonlinearTextModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: 10,
        outputDim: 4,
        inputLength: 6,
        embeddingsInitializer: tf.initializers.randomNormal({ stddev: 1, seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 8,
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }),
      }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) }),
    ],
  });
}

describe('tokenAttributions', () => {
  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  it('occlusion and integrated gradients agree with the hand-computed scores of a linear model', () => {
    // Logit 0 = Σ t / 60, so removing token t (baseline 0) lowers it by t / 60: [5, 3, 0, 9, 1, 2] / 60.
    const expected = TOKENS.map((token) => token / 60);
    for (const method of ['occlusion', 'integrated-gradients'] as const) {
      const result = tokenAttributions(linearTextModel(), TOKENS, { classIndex: 0, method });
      result.scores.forEach((score, index) => expect(score).toBeCloseTo(expected[index], 5));
      expect(result.logit).toBeCloseTo(20 / 60, 5);
      expect(result.baselineLogit).toBeCloseTo(0, 6);
    }
    // Without a class the predicted one is explained: logit 0 (1/3) beats logit 1 (−1/3).
    expect(tokenAttributions(linearTextModel(), TOKENS).classIndex).toBe(0);
  });

  it('integrated gradients are complete on a nonlinear model: scores sum to logit − baseline logit', () => {
    const model = nonlinearTextModel();
    tokenAttributions(model, TOKENS);
    const tensorsBefore = tf.memory().numTensors;
    for (const classIndex of [0, 1, 2]) {
      const result = tokenAttributions(model, TOKENS, {
        classIndex,
        method: 'integrated-gradients',
        steps: 64,
      });
      const total = result.scores.reduce((sum, score) => sum + score, 0);
      const gap = result.logit - result.baselineLogit;
      expect(Math.abs(total - gap)).toBeLessThan(0.01 * Math.max(1, Math.abs(gap)));
      // Token 0 is the baseline itself: it cannot have moved the logit.
      expect(result.scores[2]).toBeCloseTo(0, 6);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(() => tokenAttributions(model, TOKENS, { classIndex: 3 })).toThrow(/classIndex 3 is outside/);
    expect(() => tokenAttributions(model, TOKENS, { method: 'shap' as never })).toThrow(
      /method must be one of occlusion, integrated-gradients/,
    );
  });
});
