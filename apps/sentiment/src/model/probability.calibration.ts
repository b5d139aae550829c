/** Rows of class probabilities, one `Float64Array` per text, in the model's class order. */
export type ProbabilityRows = Float64Array[];

/** Softmax of each row of scores divided by `temperature` (max subtracted first, for stability). */
export function softmaxRows(scores: readonly ArrayLike<number>[], temperature = 1): ProbabilityRows {
  return scores.map((row) => {
    const scaled = Float64Array.from(row, (value) => value / temperature);
    const top = Math.max(...scaled);
    let sum = 0;
    for (let index = 0; index < scaled.length; index++) {
      scaled[index] = Math.exp(scaled[index] - top);
      sum += scaled[index];
    }
    return scaled.map((value) => value / sum);
  });
}

/** Mean negative log-likelihood of the true classes (probabilities floored at 1e-12). */
export function meanLogLoss(probabilities: ProbabilityRows, labels: readonly number[]): number {
  if (probabilities.length !== labels.length || labels.length === 0) {
    throw new Error(`meanLogLoss needs one label per row; got ${labels.length} for ${probabilities.length}`);
  }
  let total = 0;
  probabilities.forEach((row, index) => (total -= Math.log(Math.max(row[labels[index]], 1e-12))));
  return total / labels.length;
}

/**
 * Temperature scaling (Guo et al. 2017, "On calibration of modern neural networks", §4.2): the single
 * T > 0 that minimises the held-out log-loss of softmax(scores / T). It never changes the argmax. A grid of
 * 61 values from 0.25 to 4 (log-spaced) is enough for one parameter and needs no gradient.
 */
export function fitTemperature(scores: readonly ArrayLike<number>[], labels: readonly number[]): number {
  let best = { temperature: 1, loss: meanLogLoss(softmaxRows(scores, 1), labels) };
  for (let step = 0; step <= 60; step++) {
    const temperature = 0.25 * 16 ** (step / 60);
    const loss = meanLogLoss(softmaxRows(scores, temperature), labels);
    if (loss < best.loss) best = { temperature, loss };
  }
  return best.temperature;
}

/** Log-probabilities as scores, so that a probabilistic model can be temperature-scaled too. */
export function logProbabilityRows(probabilities: ProbabilityRows): ProbabilityRows {
  return probabilities.map((row) => row.map((value) => Math.log(Math.max(value, 1e-12))));
}

/** w·a + (1 − w)·b, row by row. */
export function blendRows(a: ProbabilityRows, b: ProbabilityRows, weightOfA: number): ProbabilityRows {
  return a.map((row, index) =>
    row.map((value, column) => weightOfA * value + (1 - weightOfA) * b[index][column]),
  );
}

/**
 * The weight of `a` in w·a + (1 − w)·b, on a grid of 0, 0.05, …, 1, that minimises the log-loss on
 * labelled rows the models did not train on. Log-loss rather than accuracy: on ~1,000 rows accuracy moves
 * in steps of 0.1 point and is flat over wide ranges of w, so it would pick an edge by chance.
 */
export function chooseBlendWeight(
  a: ProbabilityRows,
  b: ProbabilityRows,
  labels: readonly number[],
): { weight: number; logLoss: number } {
  let best = { weight: 0, logLoss: Number.POSITIVE_INFINITY };
  for (let step = 0; step <= 20; step++) {
    const weight = step / 20;
    const logLoss = meanLogLoss(blendRows(a, b, weight), labels);
    if (logLoss < best.logLoss - 1e-12) best = { weight, logLoss };
  }
  return best;
}
