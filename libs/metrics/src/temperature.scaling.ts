import {
  assertBinaryLabels,
  assertClassIndices,
  assertFiniteMatrix,
  assertFiniteNumber,
  assertSameLength,
} from './metric-input.guards';

/**
 * Temperature scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks", §4.2): one scalar
 * T > 0 divides every logit; T > 1 softens over-confident predictions, and argmax (so accuracy) is
 * unchanged. Logits with a single column are a binary model's logit of the positive class (sigmoid,
 * labels 0/1); with C ≥ 2 columns, softmax over classes (labels 0..C−1).
 */

/** The search range of T; a fit that ends on an edge means the data want a more extreme T. */
export const TEMPERATURE_RANGE = { min: 0.05, max: 20 } as const;

// 61 log-spaced points locate the basin; golden-section narrows it to about where NLL values stop
// differing in double precision.
const COARSE_GRID_POINTS = 61;
const LOG_TEMPERATURE_TOLERANCE = 1e-7;
const INVERSE_GOLDEN_RATIO = (Math.sqrt(5) - 1) / 2;
const MAX_REFINEMENT_STEPS = 100;

function assertLogitsAndLabels(logits: readonly (readonly number[])[], labels: readonly number[]): number {
  const columnCount = assertFiniteMatrix('logits', logits);
  assertSameLength('logits', logits, 'labels', labels);
  if (columnCount === 1) assertBinaryLabels('labels', labels);
  else assertClassIndices('labels', labels, columnCount);
  return columnCount;
}

function assertTemperature(temperature: number): void {
  assertFiniteNumber('temperature', temperature);
  if (temperature <= 0) throw new RangeError(`temperature must be > 0, got ${temperature}`);
}

/** log(1 + e^x) without overflow. */
function softplus(value: number): number {
  return Math.max(value, 0) + Math.log1p(Math.exp(-Math.abs(value)));
}

function sigmoid(value: number): number {
  if (value >= 0) return 1 / (1 + Math.exp(-value));
  const exponential = Math.exp(value);
  return exponential / (1 + exponential);
}

function meanNegativeLogLikelihood(
  logits: readonly (readonly number[])[],
  labels: readonly number[],
  temperature: number,
): number {
  let total = 0;
  for (let sample = 0; sample < logits.length; sample++) {
    const row = logits[sample];
    if (row.length === 1) {
      const scaled = row[0] / temperature;
      // −log σ(s) = softplus(−s); −log(1 − σ(s)) = softplus(s)
      total += labels[sample] === 1 ? softplus(-scaled) : softplus(scaled);
    } else {
      let maximum = -Infinity;
      for (const logit of row) maximum = Math.max(maximum, logit / temperature);
      let sumOfExponentials = 0;
      for (const logit of row) sumOfExponentials += Math.exp(logit / temperature - maximum);
      total += maximum + Math.log(sumOfExponentials) - row[labels[sample]] / temperature;
    }
  }
  return total / logits.length;
}

/**
 * First and second derivative of the mean NLL with respect to β = 1/T. With p = softmax(β·z):
 * dNLL/dβ = mean(Σⱼ pⱼ zⱼ − z_y), d²NLL/dβ² = mean(Var_p(z)) ≥ 0; for one sigmoid column
 * (σ(βz) − y)·z and σ(βz)(1 − σ(βz))·z².
 */
function inverseTemperatureDerivatives(
  logits: readonly (readonly number[])[],
  labels: readonly number[],
  inverseTemperature: number,
): { first: number; second: number } {
  let first = 0;
  let second = 0;
  for (let sample = 0; sample < logits.length; sample++) {
    const row = logits[sample];
    if (row.length === 1) {
      const probability = sigmoid(inverseTemperature * row[0]);
      first += (probability - labels[sample]) * row[0];
      second += probability * (1 - probability) * row[0] * row[0];
    } else {
      let maximum = -Infinity;
      for (const logit of row) maximum = Math.max(maximum, inverseTemperature * logit);
      let sumOfExponentials = 0;
      let weightedSum = 0;
      let weightedSquares = 0;
      for (const logit of row) {
        const weight = Math.exp(inverseTemperature * logit - maximum);
        sumOfExponentials += weight;
        weightedSum += weight * logit;
        weightedSquares += weight * logit * logit;
      }
      const expectedLogit = weightedSum / sumOfExponentials;
      first += expectedLogit - row[labels[sample]];
      second += Math.max(0, weightedSquares / sumOfExponentials - expectedLogit * expectedLogit);
    }
  }
  return { first: first / logits.length, second: second / logits.length };
}

/** Mean negative log-likelihood (natural log) of `labels` under `applyTemperature(logits, T)`. */
export function negativeLogLikelihood(
  logits: readonly (readonly number[])[],
  labels: readonly number[],
  temperature = 1,
): number {
  assertLogitsAndLabels(logits, labels);
  assertTemperature(temperature);
  return meanNegativeLogLikelihood(logits, labels, temperature);
}

/**
 * T in [0.05, 20] minimising the mean NLL of softmax(logits / T) (sigmoid for one column). Search on
 * log T: a coarse log-spaced grid, golden-section between the grid neighbours of the best point, then
 * Newton steps on 1/T (safeguarded by bisection) to full double precision.
 * NLL is convex in 1/T (log-sum-exp of a linear function minus a linear one), so it has one basin in
 * log T and this finds its minimum; deterministic (no randomness, no starting point). Fit on held-out
 * data, not the training set.
 */
export function fitTemperature(logits: readonly (readonly number[])[], labels: readonly number[]): number {
  assertLogitsAndLabels(logits, labels);
  const objective = (logTemperature: number): number =>
    meanNegativeLogLikelihood(logits, labels, Math.exp(logTemperature));
  const low = Math.log(TEMPERATURE_RANGE.min);
  const high = Math.log(TEMPERATURE_RANGE.max);
  const step = (high - low) / (COARSE_GRID_POINTS - 1);
  let bestIndex = 0;
  let bestValue = Infinity;
  for (let index = 0; index < COARSE_GRID_POINTS; index++) {
    const value = objective(low + index * step);
    if (value < bestValue) {
      bestValue = value;
      bestIndex = index;
    }
  }
  let left = low + Math.max(0, bestIndex - 1) * step;
  let right = low + Math.min(COARSE_GRID_POINTS - 1, bestIndex + 1) * step;
  let innerLeft = right - INVERSE_GOLDEN_RATIO * (right - left);
  let innerRight = left + INVERSE_GOLDEN_RATIO * (right - left);
  let valueLeft = objective(innerLeft);
  let valueRight = objective(innerRight);
  while (right - left > LOG_TEMPERATURE_TOLERANCE) {
    if (valueLeft <= valueRight) {
      right = innerRight;
      innerRight = innerLeft;
      valueRight = valueLeft;
      innerLeft = right - INVERSE_GOLDEN_RATIO * (right - left);
      valueLeft = objective(innerLeft);
    } else {
      left = innerLeft;
      innerLeft = innerRight;
      valueLeft = valueRight;
      innerRight = left + INVERSE_GOLDEN_RATIO * (right - left);
      valueRight = objective(innerRight);
    }
  }
  // Golden-section compares NLL values, which stop differing in double precision about 1e-7 from the
  // minimum. Refine on the derivative in β = 1/T instead (monotone, as NLL is convex in β): safeguarded
  // Newton inside the grid bracket, falling back to bisection.
  let inverseLow = Math.exp(-Math.min(high, low + (bestIndex + 1) * step));
  let inverseHigh = Math.exp(-Math.max(low, low + (bestIndex - 1) * step));
  let inverse = Math.min(inverseHigh, Math.max(inverseLow, Math.exp(-(left + right) / 2)));
  for (let iteration = 0; iteration < MAX_REFINEMENT_STEPS; iteration++) {
    const { first, second } = inverseTemperatureDerivatives(logits, labels, inverse);
    if (first === 0) break;
    if (first > 0) inverseHigh = inverse;
    else inverseLow = inverse;
    let next = second > 0 ? inverse - first / second : Number.NaN;
    if (!(next > inverseLow && next < inverseHigh)) next = (inverseLow + inverseHigh) / 2;
    const converged = Math.abs(next - inverse) <= 1e-15 * inverse;
    inverse = next;
    if (converged) break;
  }
  return Math.min(TEMPERATURE_RANGE.max, Math.max(TEMPERATURE_RANGE.min, 1 / inverse));
}

/**
 * Calibrated probabilities: softmax(row / T) per row, or for a single logit column `[σ(z / T)]`, the
 * probability of the positive class.
 */
export function applyTemperature(logits: readonly (readonly number[])[], temperature: number): number[][] {
  assertFiniteMatrix('logits', logits);
  assertTemperature(temperature);
  return logits.map((row) => {
    if (row.length === 1) return [sigmoid(row[0] / temperature)];
    const scaled = row.map((logit) => logit / temperature);
    // A loop, not Math.max(...scaled): spreading a very wide row overflows the call stack.
    let maximum = -Infinity;
    for (const value of scaled) maximum = Math.max(maximum, value);
    const exponentials = scaled.map((value) => Math.exp(value - maximum));
    const sum = exponentials.reduce((total, value) => total + value, 0);
    return exponentials.map((value) => value / sum);
  });
}
