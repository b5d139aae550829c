import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { resolveBackend } from '@deepworks/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnsembleSentimentModel } from './ensemble-sentiment.model';
import { parseLabelMapOption } from './label-map.option';
import { trainNeuralSentimentModel } from './neural-sentiment.trainer';
import { chooseBlendWeight, fitTemperature, softmaxRows } from './probability.calibration';
import { loadSentimentModel, saveSentimentModel } from './sentiment-model.artifact';
import { trainSentimentModel } from './sentiment-model.trainer';
import { SequenceSentimentModel } from './sequence-sentiment.model';

const rows = generateFinanceHeadlines({ seed: 5, count: 600 }).map((headline) => ({
  text: headline.text,
  label: headline.sentiment,
}));
// Tiny network and short runs: the templated headlines need no more, and the suite must stay fast.
const TINY = {
  sequenceLength: 16,
  embeddingDim: 16,
  filters: 16,
  epochs: 5,
  batchSize: 32,
  learningRate: 5e-3,
  patience: 5,
  pretrainEpochs: 2,
};

describe('probability calibration', () => {
  it('fits the temperature that matches confidence to accuracy', () => {
    // Three of four rows right, all with logit margin 4: log-loss is minimal where σ(4/T) = 3/4,
    // i.e. T = 4 / ln 3 ≈ 3.641 (the grid steps by 4.7 %, so within ±0.09).
    const scores = [
      [4, 0],
      [4, 0],
      [4, 0],
      [0, 4],
    ];
    expect(Math.abs(fitTemperature(scores, [0, 0, 1, 1]) - 4 / Math.log(3))).toBeLessThan(0.09);
    // All right: the sharpest temperature of the grid (0.25) wins.
    expect(fitTemperature(scores, [0, 0, 0, 1])).toBeCloseTo(0.25, 6);
  });

  it('weights the informative member fully and an uninformative one not at all', () => {
    // a gives the true class 0.9, b is uniform: w·0.9 + (1 − w)·0.5 grows with w, so w = 1.
    const labels = [0, 1, 1, 0];
    const a = labels.map((label) => Float64Array.from([0, 1], (c) => (c === label ? 0.9 : 0.1)));
    const b = labels.map(() => Float64Array.from([0.5, 0.5]));
    expect(chooseBlendWeight(a, b, labels).weight).toBe(1);
    expect(chooseBlendWeight(b, a, labels).weight).toBe(0);
    expect(softmaxRows([[Math.log(3), 0]])[0][0]).toBeCloseTo(0.75, 10);
  });
});

describe('text CNN and ensemble sentiment models', () => {
  let dir: string;
  beforeAll(async () => {
    await resolveBackend('wasm');
    dir = await mkdtemp(join(tmpdir(), 'sentiment-neural-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('trains the text CNN to a falling loss, far above the majority class, and round-trips exactly', async () => {
    const trained = await trainNeuralSentimentModel(
      rows,
      parseLabelMapOption(''),
      { kind: 'textcnn', validationFraction: 0.2 },
      TINY,
    );
    const { validation, neural } = trained.metadata;
    expect(trained.model).toBeInstanceOf(SequenceSentimentModel);
    expect([validation.n, trained.metadata.trainRows]).toEqual([120, 480]);
    const history = neural?.history ?? [];
    expect(history.length).toBeGreaterThanOrEqual(3);
    // Mean training loss of the last epoch at most half the first's (starts near ln 3 ≈ 1.1).
    expect(history[history.length - 1].loss).toBeLessThan(history[0].loss / 2);
    // The majority class (neutral, ~45 %) would score ~0.45.
    expect(validation.accuracy).toBeGreaterThan(0.8);
    expect(neural?.temperature).toBeGreaterThan(0);

    await saveSentimentModel(join(dir, 'textcnn'), trained);
    expect((await readdir(join(dir, 'textcnn'))).sort()).toEqual([
      'metadata.json',
      'model.json',
      'network',
      'vocabulary.json',
    ]);
    const loaded = await loadSentimentModel(join(dir, 'textcnn'));
    expect(loaded.model.kind).toBe('textcnn');
    const texts = rows.slice(0, 60).map((row) => row.text);
    const original = trained.model as SequenceSentimentModel;
    const restored = loaded.model as SequenceSentimentModel;
    expect(restored.predictProba(texts)).toEqual(original.predictProba(texts));
    expect(restored.predict(texts)).toEqual(original.predict(texts));
    const explained = restored.explain('Acme Corp fined over misleading statements', 3);
    expect(explained.length).toBe(3);
    restored.dispose();
    original.dispose();
  }, 60_000);

  it('blends calibrated linear and CNN probabilities and loads the ensemble back', async () => {
    const trained = await trainNeuralSentimentModel(
      rows,
      parseLabelMapOption(''),
      { kind: 'ensemble', validationFraction: 0.2 },
      { ...TINY, epochs: 2, pretrainEpochs: 1 },
    );
    const model = trained.model as EnsembleSentimentModel;
    expect(model).toBeInstanceOf(EnsembleSentimentModel);
    const weight = trained.metadata.neural?.linearWeight ?? -1;
    expect(weight).toBeGreaterThanOrEqual(0);
    expect(weight).toBeLessThanOrEqual(1);
    expect(trained.metadata.validation.accuracy).toBeGreaterThan(0.8);
    const { probabilities } = model.score('Stocks rally as Globex leads gains');
    expect(Object.values(probabilities).reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 6);

    await saveSentimentModel(join(dir, 'ensemble'), trained);
    const loaded = await loadSentimentModel(join(dir, 'ensemble'));
    expect(loaded.model.kind).toBe('ensemble');
    const texts = rows.slice(0, 60).map((row) => row.text);
    expect((loaded.model as EnsembleSentimentModel).predictProba(texts)).toEqual(model.predictProba(texts));
    (loaded.model as EnsembleSentimentModel).dispose();
    model.dispose();
  }, 60_000);

  it.each(['bilstm', 'transformer'] as const)(
    'trains the %s (skip-gram / masked-token pretraining first) well above the majority class, and round-trips',
    async (kind) => {
      const trained = await trainNeuralSentimentModel(
        rows,
        parseLabelMapOption(''),
        { kind, validationFraction: 0.2 },
        { ...TINY, epochs: 4, pretrainEpochs: 1 },
      );
      expect(trained.model).toMatchObject({ kind });
      expect(trained.metadata.validation.accuracy).toBeGreaterThan(0.7);
      await saveSentimentModel(join(dir, kind), trained);
      const loaded = await loadSentimentModel(join(dir, kind));
      expect(loaded.model.kind).toBe(kind);
      const texts = rows.slice(0, 40).map((row) => row.text);
      const original = trained.model as SequenceSentimentModel;
      const restored = loaded.model as SequenceSentimentModel;
      expect(restored.predictProba(texts)).toEqual(original.predictProba(texts));
      restored.dispose();
      original.dispose();
    },
    120_000,
  );

  it('keeps the synchronous trainer to the text-lib kinds and refuses unknown neural options', async () => {
    expect(() => trainSentimentModel(rows, parseLabelMapOption(''), { kind: 'textcnn' })).toThrow(
      /trainNeuralSentimentModel/,
    );
    await expect(
      trainNeuralSentimentModel(rows, parseLabelMapOption(''), { kind: 'textcnn' }, {
        layers: 2,
      } as unknown as { epochs: number }),
    ).rejects.toThrow(/Unknown neural option\(s\) layers/);
    await expect(
      trainNeuralSentimentModel(rows, parseLabelMapOption(''), { kind: 'linear' }),
    ).rejects.toThrow(/trains textcnn, bilstm, transformer, ensemble/);
  });
});
