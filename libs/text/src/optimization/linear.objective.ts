import type { SparseRowMatrix } from '../features/sparse.vector';
import type { DifferentiableObjective } from './lbfgs.optimizer';

/** 'softmax': one label per row (multinomial logistic regression); 'sigmoid': independent labels (one-vs-rest). */
export type LinearActivation = 'softmax' | 'sigmoid';

export interface LinearProblem {
  matrix: SparseRowMatrix;
  /** rows × outputs, row-major: one-hot for 'softmax', 0/1 per output for 'sigmoid'. */
  targets: Float32Array;
  /** One weight per row (class weights already applied). */
  sampleWeights: Float64Array;
  outputs: number;
  activation: LinearActivation;
  /** Coefficient of ½‖W‖² (the bias is not penalised). */
  l2: number;
}

/**
 * Weighted mean cross-entropy + (l2 / 2)·‖W‖² over parameters laid out as W (columns × outputs, row-major)
 * followed by the bias (outputs). Mean rather than sum, so `l2` does not depend on the data size: scikit-learn's
 * `C` corresponds to l2 = 1 / (C · n).
 */
export function linearObjective(problem: LinearProblem): DifferentiableObjective {
  const { matrix, targets, sampleWeights, outputs, activation, l2 } = problem;
  const weightCount = matrix.columns * outputs;
  const totalWeight = sampleWeights.reduce((sum, weight) => sum + weight, 0);
  const logits = new Float64Array(outputs);
  // Local typed-array references: property loads inside the hot loops cost V8 more than the arithmetic.
  const { rows, rowStart, indices, values } = matrix;
  return (parameters, gradient) => {
    gradient.fill(0);
    let loss = 0;
    for (let row = 0; row < rows; row++) {
      const start = rowStart[row];
      const end = rowStart[row + 1];
      for (let output = 0; output < outputs; output++) logits[output] = parameters[weightCount + output];
      for (let entry = start; entry < end; entry++) {
        const offset = indices[entry] * outputs;
        const value = values[entry];
        for (let output = 0; output < outputs; output++)
          logits[output] += value * parameters[offset + output];
      }
      const rowWeight = sampleWeights[row] / totalWeight;
      const targetOffset = row * outputs;
      if (activation === 'softmax') {
        let largest = -Infinity;
        for (let output = 0; output < outputs; output++) largest = Math.max(largest, logits[output]);
        let sumExp = 0;
        for (let output = 0; output < outputs; output++) sumExp += Math.exp(logits[output] - largest);
        const logSumExp = largest + Math.log(sumExp);
        for (let output = 0; output < outputs; output++) {
          const target = targets[targetOffset + output];
          loss -= rowWeight * target * (logits[output] - logSumExp);
          // ∂CE/∂z = softmax(z) − y, turned into the per-output error kept in `logits`.
          logits[output] = rowWeight * (Math.exp(logits[output] - logSumExp) - target);
        }
      } else {
        for (let output = 0; output < outputs; output++) {
          const target = targets[targetOffset + output];
          const logit = logits[output];
          // Binary cross-entropy with logits: softplus(z) − y·z, computed stably.
          loss += rowWeight * (Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit))) - target * logit);
          logits[output] = rowWeight * (1 / (1 + Math.exp(-logit)) - target);
        }
      }
      for (let output = 0; output < outputs; output++) gradient[weightCount + output] += logits[output];
      for (let entry = start; entry < end; entry++) {
        const offset = indices[entry] * outputs;
        const value = values[entry];
        for (let output = 0; output < outputs; output++) gradient[offset + output] += value * logits[output];
      }
    }
    let squaredNorm = 0;
    for (let index = 0; index < weightCount; index++) {
      squaredNorm += parameters[index] * parameters[index];
      gradient[index] += l2 * parameters[index];
    }
    return loss + 0.5 * l2 * squaredNorm;
  };
}
