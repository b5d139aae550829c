import { SeededRandom } from '@deepworks/demo-data';
import { tf, trainModel, type TrainingData, type TrainingLoss } from '@deepworks/engine';

/**
 * Tiny learnable tasks for the zoo's smoke tests (test-only: not exported by the lib). Resolve the
 * backend before calling any of these: they make tensors.
 */

/**
 * A 4×4 patch anywhere on noise, brighter or darker than it; one-hot label [dark, bright]. Position
 * does not matter, so globally pooled models can learn it as well as flattening ones.
 */
export function patchImages(count: number, side: number, seed: number): TrainingData {
  const random = new SeededRandom(seed);
  const pixels = new Float32Array(count * side * side);
  const labels: number[][] = [];
  for (let image = 0; image < count; image++) {
    const bright = random.next() < 0.5;
    const top = random.integer(side - 3);
    const left = random.integer(side - 3);
    const offset = image * side * side;
    for (let index = 0; index < side * side; index++) pixels[offset + index] = 0.3 * random.gaussian();
    for (let row = top; row < top + 4; row++)
      for (let col = left; col < left + 4; col++) pixels[offset + row * side + col] += bright ? 1.5 : -1.5;
    labels.push(bright ? [0, 1] : [1, 0]);
  }
  return { x: tf.tensor4d(pixels, [count, side, side, 1]), y: tf.tensor2d(labels) };
}

/**
 * Texts of 3 … `length` random tokens (ids ≥ 3), padded with 0 at the end, that contain token 1
 * ("good") or token 2 ("bad") once at a random place; one-hot label [bad, good].
 */
export function markedTexts(count: number, length: number, vocabSize: number, seed: number): TrainingData {
  const random = new SeededRandom(seed);
  const ids = new Int32Array(count * length);
  const labels: number[][] = [];
  for (let text = 0; text < count; text++) {
    const good = random.next() < 0.5;
    const size = 3 + random.integer(length - 2);
    const marker = random.integer(size);
    for (let position = 0; position < size; position++)
      ids[text * length + position] =
        position === marker ? (good ? 1 : 2) : 3 + random.integer(vocabSize - 3);
    labels.push(good ? [0, 1] : [1, 0]);
  }
  return { x: tf.tensor2d(ids, [count, length], 'int32'), y: tf.tensor2d(labels) };
}

/** Feature vectors whose class is the argmax of a fixed random linear map of them. */
export function linearClasses(count: number, inputSize: number, classes: number, seed: number): TrainingData {
  const random = new SeededRandom(seed);
  const weights = Array.from({ length: classes }, () =>
    Array.from({ length: inputSize }, () => random.gaussian()),
  );
  const rows: number[][] = [];
  const labels: number[][] = [];
  for (let sample = 0; sample < count; sample++) {
    const row = Array.from({ length: inputSize }, () => random.gaussian());
    const scores = weights.map((weight) => weight.reduce((sum, value, index) => sum + value * row[index], 0));
    const best = scores.indexOf(Math.max(...scores));
    rows.push(row);
    labels.push(Array.from({ length: classes }, (_, index) => (index === best ? 1 : 0)));
  }
  return { x: tf.tensor2d(rows), y: tf.tensor2d(labels) };
}

/** The group (0, 1 or 2) a user or an item belongs to in `groupedInteractions`. */
export function groupOf(id: number): number {
  return id % 3;
}

/** Random (user, item) pairs, label 1 when both are in the same group (a rank-3 preference matrix). */
export function groupedInteractions(count: number, users: number, items: number, seed: number) {
  const random = new SeededRandom(seed);
  const userIds: number[] = [];
  const itemIds: number[] = [];
  const labels: number[] = [];
  for (let pair = 0; pair < count; pair++) {
    const user = random.integer(users);
    const item = random.integer(items);
    userIds.push(user);
    itemIds.push(item);
    labels.push(groupOf(user) === groupOf(item) ? 1 : 0);
  }
  return {
    users: tf.tensor2d(userIds, [count, 1], 'int32'),
    items: tf.tensor2d(itemIds, [count, 1], 'int32'),
    itemIds,
    y: tf.tensor2d(labels, [count, 1]),
  };
}

/** Each item's token ids: 3 tokens of its group's 10 (ids 1 + 10·group …) and 1 shared noise token. */
export function itemTokens(items: number, vocabSize: number, seed: number): number[][] {
  const random = new SeededRandom(seed);
  return Array.from({ length: items }, (_, item) => [
    ...Array.from({ length: 3 }, () => 1 + 10 * groupOf(item) + random.integer(10)),
    31 + random.integer(vocabSize - 31),
  ]);
}

/** Mean loss of each epoch of a short engine training run. */
export async function epochLosses(
  model: tf.LayersModel,
  data: TrainingData,
  options: { loss: TrainingLoss; epochs: number; batchSize: number; learningRate?: number },
): Promise<number[]> {
  const result = await trainModel(model, data, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    loss: options.loss,
    seed: 7,
    learningRate: { kind: 'constant', rate: options.learningRate ?? 3e-3 },
    progress: false,
  });
  return result.history.map((record) => record.loss);
}

/** Tensors a prediction leaves behind once its output is disposed (0 when nothing leaks). */
export function tensorsLeftByPredict(model: tf.LayersModel, x: tf.Tensor | tf.Tensor[]): number {
  const before = tf.memory().numTensors;
  const output = model.predict(x) as tf.Tensor;
  output.dispose();
  return tf.memory().numTensors - before;
}

/** The first `count` samples of every tensor of `data`. */
export function firstSamples(x: tf.Tensor | tf.Tensor[], count: number): tf.Tensor | tf.Tensor[] {
  const head = (tensor: tf.Tensor) => tf.slice(tensor, 0, count);
  return Array.isArray(x) ? x.map(head) : head(x);
}
