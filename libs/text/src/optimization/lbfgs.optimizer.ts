/** Writes ∂loss/∂parameters into `gradient` (overwriting it) and returns the loss. */
export type DifferentiableObjective = (parameters: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Number of (s, y) correction pairs kept (Nocedal & Wright 2006 suggest 3–20). */
  memory: number;
  /** Stop when the largest |gradient| component falls below this. */
  gradientTolerance: number;
  /** Stop when one step lowers the loss by less than this fraction of it. */
  relativeLossTolerance: number;
}

export interface LbfgsResult {
  parameters: Float64Array;
  loss: number;
  iterations: number;
  converged: boolean;
  /** Loss before the first step, then after each accepted step. */
  lossHistory: number[];
}

const ARMIJO_CONSTANT = 1e-4;
const MAX_BACKTRACKS = 40;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search: Nocedal & Wright, "Numerical Optimization"
 * (2006), algorithm 7.4 (two-loop recursion) and 7.5, with H0 = (sᵀy / yᵀy)·I (eq. 7.20). Pairs with sᵀy ≤ 0
 * are skipped so the inverse-Hessian estimate stays positive definite. Deterministic: no randomness at all.
 */
export function minimizeLbfgs(
  objective: DifferentiableObjective,
  initial: Float64Array,
  options: LbfgsOptions,
): LbfgsResult {
  const size = initial.length;
  let parameters = Float64Array.from(initial);
  let gradient = new Float64Array(size);
  let loss = objective(parameters, gradient);
  const lossHistory = [loss];
  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const curvatures: number[] = [];
  const direction = new Float64Array(size);
  const alphas = new Float64Array(options.memory);
  let candidate = new Float64Array(size);
  let candidateGradient = new Float64Array(size);

  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (maxAbs(gradient) < options.gradientTolerance) {
      return { parameters, loss, iterations: iteration, converged: true, lossHistory };
    }
    // Two-loop recursion: direction = −H·gradient.
    for (let index = 0; index < size; index++) direction[index] = -gradient[index];
    for (let pair = steps.length - 1; pair >= 0; pair--) {
      alphas[pair] = curvatures[pair] * dot(steps[pair], direction);
      addScaled(direction, gradientChanges[pair], -alphas[pair]);
    }
    if (steps.length > 0) {
      const last = steps.length - 1;
      scale(direction, 1 / (curvatures[last] * dot(gradientChanges[last], gradientChanges[last])));
    } else {
      // First step: unit length along −gradient, so the line search starts at a sane scale.
      scale(direction, 1 / Math.sqrt(dot(direction, direction)));
    }
    for (let pair = 0; pair < steps.length; pair++) {
      const beta = curvatures[pair] * dot(gradientChanges[pair], direction);
      addScaled(direction, steps[pair], alphas[pair] - beta);
    }
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): forget the curvature pairs and go downhill.
      steps.length = 0;
      gradientChanges.length = 0;
      curvatures.length = 0;
      for (let index = 0; index < size; index++) direction[index] = -gradient[index];
      slope = dot(gradient, direction);
    }

    let stepLength = 1;
    let candidateLoss = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++) {
      for (let index = 0; index < size; index++) {
        candidate[index] = parameters[index] + stepLength * direction[index];
      }
      candidateLoss = objective(candidate, candidateGradient);
      if (candidateLoss <= loss + ARMIJO_CONSTANT * stepLength * slope) {
        accepted = true;
        break;
      }
      stepLength *= 0.5;
    }
    if (!accepted) return { parameters, loss, iterations: iteration, converged: false, lossHistory };

    const step = new Float64Array(size);
    const gradientChange = new Float64Array(size);
    for (let index = 0; index < size; index++) {
      step[index] = candidate[index] - parameters[index];
      gradientChange[index] = candidateGradient[index] - gradient[index];
    }
    const curvature = dot(step, gradientChange);
    if (curvature > 1e-12) {
      if (steps.length === options.memory) {
        steps.shift();
        gradientChanges.shift();
        curvatures.shift();
      }
      steps.push(step);
      gradientChanges.push(gradientChange);
      curvatures.push(1 / curvature);
    }

    const previousLoss = loss;
    [parameters, candidate] = [candidate, parameters];
    [gradient, candidateGradient] = [candidateGradient, gradient];
    loss = candidateLoss;
    lossHistory.push(loss);
    const relativeDecrease = (previousLoss - loss) / Math.max(Math.abs(previousLoss), Math.abs(loss), 1);
    if (relativeDecrease < options.relativeLossTolerance) {
      return { parameters, loss, iterations: iteration + 1, converged: true, lossHistory };
    }
  }
  return {
    parameters,
    loss,
    iterations: options.maxIterations,
    converged: maxAbs(gradient) < options.gradientTolerance,
    lossHistory,
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index] * b[index];
  return sum;
}

function addScaled(target: Float64Array, source: Float64Array, factor: number): void {
  for (let index = 0; index < target.length; index++) target[index] += factor * source[index];
}

function scale(target: Float64Array, factor: number): void {
  for (let index = 0; index < target.length; index++) target[index] *= factor;
}

function maxAbs(values: Float64Array): number {
  let largest = 0;
  for (const value of values) largest = Math.max(largest, Math.abs(value));
  return largest;
}
