import { readNumber, readNumberArray, readRecord, readString } from '../artifacts/json-artifact.reader';
import { assertOneOf } from '../artifacts/options.validation';
import type { SparseRowMatrix, SparseVector } from '../features/sparse.vector';
import { minimizeLbfgs } from '../optimization/lbfgs.optimizer';
import { linearObjective, type LinearActivation } from '../optimization/linear.objective';

export const LINEAR_ACTIVATIONS: readonly LinearActivation[] = ['softmax', 'sigmoid'];

export interface SparseLinearTrainingOptions {
  activation: LinearActivation;
  l2: number;
  maxIterations: number;
  tolerance: number;
}

export interface SparseLinearTrainingReport {
  iterations: number;
  converged: boolean;
  finalLoss: number;
  lossHistory: number[];
}

export interface SparseLinearModelJson {
  activation: LinearActivation;
  columns: number;
  outputs: number;
  /** columns × outputs, row-major. */
  weights: number[];
  bias: number[];
}

/**
 * y = activation(Wᵀx + b) on sparse rows, fitted by L-BFGS. Shared by the sentiment classifier (softmax)
 * and the topic classifier (sigmoid, one-vs-rest).
 */
export class SparseLinearModel {
  private constructor(
    readonly activation: LinearActivation,
    readonly columns: number,
    readonly outputs: number,
    private readonly weights: Float32Array,
    private readonly bias: Float32Array,
  ) {}

  static train(
    matrix: SparseRowMatrix,
    targets: Float32Array,
    sampleWeights: Float64Array,
    outputs: number,
    options: SparseLinearTrainingOptions,
  ): { model: SparseLinearModel; report: SparseLinearTrainingReport } {
    assertOneOf(options.activation, LINEAR_ACTIVATIONS, 'activation');
    const objective = linearObjective({
      matrix,
      targets,
      sampleWeights,
      outputs,
      activation: options.activation,
      l2: options.l2,
    });
    const weightCount = matrix.columns * outputs;
    const result = minimizeLbfgs(objective, new Float64Array(weightCount + outputs), {
      maxIterations: options.maxIterations,
      memory: 10,
      gradientTolerance: options.tolerance,
      relativeLossTolerance: options.tolerance * 1e-3,
    });
    const model = new SparseLinearModel(
      options.activation,
      matrix.columns,
      outputs,
      Float32Array.from(result.parameters.subarray(0, weightCount)),
      Float32Array.from(result.parameters.subarray(weightCount)),
    );
    return {
      model,
      report: {
        iterations: result.iterations,
        converged: result.converged,
        finalLoss: result.loss,
        lossHistory: result.lossHistory,
      },
    };
  }

  /** Wᵀx + b. */
  logits(vector: SparseVector): Float64Array {
    const logits = Float64Array.from(this.bias);
    for (let entry = 0; entry < vector.indices.length; entry++) {
      const column = vector.indices[entry];
      if (column >= this.columns) continue;
      const offset = column * this.outputs;
      const value = vector.values[entry];
      for (let output = 0; output < this.outputs; output++) {
        logits[output] += value * this.weights[offset + output];
      }
    }
    return logits;
  }

  /** Softmax (sums to 1) or element-wise sigmoid of the logits. */
  probabilities(vector: SparseVector): Float64Array {
    const logits = this.logits(vector);
    if (this.activation === 'sigmoid') return logits.map((logit) => 1 / (1 + Math.exp(-logit)));
    const largest = Math.max(...logits);
    const exps = logits.map((logit) => Math.exp(logit - largest));
    const total = exps.reduce((sum, value) => sum + value, 0);
    return exps.map((value) => value / total);
  }

  /** Weight of one input column for one output (for inspecting what the model learnt). */
  weightOf(column: number, output: number): number {
    return this.weights[column * this.outputs + output];
  }

  toJSON(): SparseLinearModelJson {
    return {
      activation: this.activation,
      columns: this.columns,
      outputs: this.outputs,
      weights: Array.from(this.weights),
      bias: Array.from(this.bias),
    };
  }

  static fromJSON(json: unknown): SparseLinearModel {
    const what = 'linear model';
    const record = readRecord(json, what);
    const activation = readString(record, 'activation', what) as LinearActivation;
    assertOneOf(activation, LINEAR_ACTIVATIONS, `${what}.activation`);
    const columns = readNumber(record, 'columns', what);
    const outputs = readNumber(record, 'outputs', what);
    const weights = readNumberArray(record, 'weights', what);
    const bias = readNumberArray(record, 'bias', what);
    if (weights.length !== columns * outputs || bias.length !== outputs) {
      throw new Error(`${what}: weights/bias sizes do not match ${columns} columns × ${outputs} outputs`);
    }
    return new SparseLinearModel(
      activation,
      columns,
      outputs,
      Float32Array.from(weights),
      Float32Array.from(bias),
    );
  }
}

/** Index of the largest value (the first one on ties). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index] > values[best]) best = index;
  return best;
}
