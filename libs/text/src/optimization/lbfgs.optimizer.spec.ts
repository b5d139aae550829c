import { describe, expect, it } from 'vitest';
import { SeededRandom } from '@deepworks/demo-data';
import { stackSparseRows } from '../features/sparse.vector';
import { minimizeLbfgs } from './lbfgs.optimizer';
import { linearObjective, type LinearActivation } from './linear.objective';

const OPTIONS = { maxIterations: 200, memory: 5, gradientTolerance: 1e-9, relativeLossTolerance: 1e-15 };

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    // f(x) = Σ a_i (x_i − c_i)², minimum at x = c, f = 0; condition number 1000.
    const a = [1, 10, 100, 1000];
    const c = [3, -2, 0.5, 7];
    const result = minimizeLbfgs(
      (x, gradient) => {
        let loss = 0;
        x.forEach((value, i) => {
          loss += a[i] * (value - c[i]) ** 2;
          gradient[i] = 2 * a[i] * (value - c[i]);
        });
        return loss;
      },
      new Float64Array(4),
      OPTIONS,
    );
    expect(result.converged).toBe(true);
    Array.from(result.parameters).forEach((value, i) => expect(value).toBeCloseTo(c[i], 6));
    expect(result.lossHistory[result.lossHistory.length - 1]).toBeLessThan(1e-10);
    // Accepted steps never increase the loss (Armijo condition).
    result.lossHistory.slice(1).forEach((loss, i) => expect(loss).toBeLessThanOrEqual(result.lossHistory[i]));
  });
});

describe('linearObjective', () => {
  it.each<LinearActivation>(['softmax', 'sigmoid'])(
    'has a gradient matching finite differences (%s)',
    (activation) => {
      const random = new SeededRandom(3);
      const rows = 6;
      const columns = 4;
      const outputs = 3;
      const vectors = Array.from({ length: rows }, () => {
        const indices = Int32Array.from([0, 1, 2, 3].filter(() => random.next() < 0.6));
        return { indices, values: Float32Array.from(indices, () => random.gaussian()) };
      });
      const targets = new Float32Array(rows * outputs);
      for (let row = 0; row < rows; row++) {
        if (activation === 'softmax') targets[row * outputs + random.integer(outputs)] = 1;
        else
          for (let output = 0; output < outputs; output++)
            targets[row * outputs + output] = random.integer(2);
      }
      const objective = linearObjective({
        matrix: stackSparseRows(vectors, columns),
        targets,
        sampleWeights: Float64Array.from({ length: rows }, () => 0.5 + random.next()),
        outputs,
        activation,
        l2: 0.1,
      });
      const parameters = Float64Array.from({ length: columns * outputs + outputs }, () => random.gaussian());
      const gradient = new Float64Array(parameters.length);
      objective(parameters, gradient);
      const scratch = new Float64Array(parameters.length);
      const epsilon = 1e-6;
      parameters.forEach((_, index) => {
        const plus = Float64Array.from(parameters);
        const minus = Float64Array.from(parameters);
        plus[index] += epsilon;
        minus[index] -= epsilon;
        const numeric = (objective(plus, scratch) - objective(minus, scratch)) / (2 * epsilon);
        expect(gradient[index]).toBeCloseTo(numeric, 6);
      });
    },
  );
});
