import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../backend/wasm/adam-update.kernel';

/** The parts of tfjs' Adam this subclass drives; TypeScript marks them private. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

/**
 * tfjs' Adam, same state, same saved weights (checkpoints move freely between the two), with each
 * variable's step done by one fused kernel where the backend has it (`wasm`: the engine registers
 * it); elsewhere tfjs' own chain of element-wise ops.
 */
class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_UPDATE, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const gradients = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const corrections = tf.tidy(() => tf.sub(1, tf.stack([state.accBeta1, state.accBeta2])).dataSync());
    const attrs: AdamUpdateAttrs = {
      beta1: state.beta1,
      beta2: state.beta2,
      epsilon: state.epsilon,
      learningRate: state.learningRate,
      firstMomentCorrection: corrections[0],
      secondMomentCorrection: corrections[1],
    };
    tf.tidy(() => {
      gradients.forEach(({ name, tensor: gradient }, index) => {
        const value = tf.engine().registeredVariables[name];
        state.accumulatedFirstMoment[index] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        state.accumulatedSecondMoment[index] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        if (gradient == null) return;
        const firstMoment = state.accumulatedFirstMoment[index].variable;
        const secondMoment = state.accumulatedSecondMoment[index].variable;
        const [newValue, newFirst, newSecond] = tf
          .engine()
          .runKernel(
            ADAM_UPDATE,
            { value, firstMoment, secondMoment, gradient },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        firstMoment.assign(newFirst);
        secondMoment.assign(newSecond);
        value.assign(newValue);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    state.incrementIterations();
  }
}

/** Adam (defaults as `tf.train.adam`): the optimizer every engine training loop uses. */
export function adamOptimizer(
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon?: number,
): tf.Optimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
