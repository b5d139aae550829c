import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLabelledCsv } from './labelled-text.reader';
import { parseLabelMapOption } from './label-map.option';
import { type LinearSentimentModel } from './linear-sentiment.model';
import { loadSentimentModel, saveSentimentModel } from './sentiment-model.artifact';
import { trainSentimentModel } from './sentiment-model.trainer';

const headlines = generateFinanceHeadlines({ seed: 5, count: 600 });
const rows = headlines.map((headline) => ({ text: headline.text, label: headline.sentiment }));

describe('label map option', () => {
  it('maps numeric positions and word aliases, and names what is wrong', () => {
    const map = parseLabelMapOption('0=negative, 1=positive ,2=neutral,Baissier=negative');
    expect(['0', '1', '2', 'baissier', 'Bullish'].map((raw) => map.map(raw))).toEqual([
      'negative',
      'positive',
      'neutral',
      'negative',
      'positive',
    ]);
    expect(() => map.map('3', 7)).toThrow(/Unknown label "3" on line 7/);
    expect(() => parseLabelMapOption('0=negative,2=neutral')).toThrow(/1 is missing/);
    expect(() => parseLabelMapOption('up=bullish')).toThrow(/"bullish" is not one of/);
    expect(() => parseLabelMapOption('up')).toThrow(/raw=canonical/);
  });
});

describe('labelled CSV reader', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentiment-csv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps good rows and reports each bad one with its line', async () => {
    const path = join(dir, 'mixed.csv');
    // line 1 header; 2 good; 3 unknown label; 4 empty text; 5–6 one quoted record over two lines;
    // 7 invalid UTF-8 (a lone 0xff byte); 8 good.
    const content = Buffer.concat([
      Buffer.from('headline,sentiment\nStocks rally,bullish\nStocks flat,sideways\n,negative\n'),
      Buffer.from('"Profit falls,\nshares slump",negative\n'),
      Buffer.from([0x42, 0xff, 0x2c, 0x30, 0x0a]),
      Buffer.from('Index steady,neutral\n'),
    ]);
    await writeFile(path, content);
    const read = await readLabelledCsv(
      path,
      { textColumn: 'headline', labelColumn: 'sentiment' },
      parseLabelMapOption(''),
    );
    expect(read.rows.map((row) => [row.line, row.label])).toEqual([
      [2, 'positive'],
      [5, 'negative'],
      [8, 'neutral'],
    ]);
    expect(read.errorCount).toBe(3);
    expect(read.errors.map((error) => error.line)).toEqual([3, 4, 7]);
    expect(read.errors[0].reason).toMatch(/Unknown label "sideways"/);
    expect(read.errors[1].reason).toMatch(/empty headline/);
    expect(read.errors[2].reason).toMatch(/UTF-8/);
    await expect(
      readLabelledCsv(path, { textColumn: 'text', labelColumn: 'sentiment' }, parseLabelMapOption('')),
    ).rejects.toThrow(/no column "text" in the header \[headline, sentiment\]/);
  });
});

describe('sentiment model training, artifacts and explanations', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentiment-model-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('learns the templated headlines far above the majority class and survives a round trip', async () => {
    const trained = trainSentimentModel(rows, parseLabelMapOption(''), { validationFraction: 0.2 });
    const { validation } = trained.metadata;
    // 600 rows, 20 % held out: 120, stratified (±1 per class).
    expect(validation.n).toBe(120);
    expect(trained.metadata.trainRows).toBe(480);
    // The majority class (neutral, ~45 %) would score ~0.45; templates are nearly separable.
    expect(validation.accuracy).toBeGreaterThan(0.9);
    expect(validation.macro_f1).toBeGreaterThan(0.9);
    expect(trained.metadata.labels).toEqual(['negative', 'neutral', 'positive']);

    await saveSentimentModel(join(dir, 'linear'), trained);
    const loaded = await loadSentimentModel(join(dir, 'linear'));
    const texts = rows.slice(0, 50).map((row) => row.text);
    expect(loaded.model.predict(texts)).toEqual(trained.model.predict(texts));
    expect(loaded.metadata.validation).toEqual(validation);
    expect(loaded.labelMap.map('bearish')).toBe('negative');
  });

  it('explains a score: word contributions plus the bias give log p(positive)/p(negative)', () => {
    const trained = trainSentimentModel(rows, parseLabelMapOption(''), { validationFraction: 0.2 });
    const model = trained.model as LinearSentimentModel;
    for (const text of ['Acme Corp fined over misleading statements', 'Stocks rally as Globex leads gains']) {
      const { probabilities } = model.score(text);
      const { byWord, bias } = model.contributionsByWord(text);
      const total = [...byWord.values()].reduce((sum, weight) => sum + weight, bias);
      expect(total).toBeCloseTo(Math.log(probabilities.positive / probabilities.negative), 4);
    }
    const negative = model.explain('Acme Corp fined over misleading statements', 3);
    expect(negative.length).toBe(3);
    // The words that carry the negative template pull towards negative.
    expect(negative.some((entry) => ['fined', 'misleading'].includes(entry.token) && entry.weight < 0)).toBe(
      true,
    );
    expect(Math.abs(negative[0].weight)).toBeGreaterThanOrEqual(Math.abs(negative[2].weight));
  });

  it('trains the lexicon baseline through the same door', async () => {
    const trained = trainSentimentModel(rows, parseLabelMapOption(''), {
      kind: 'lexicon',
      validationFraction: 0.2,
    });
    expect(trained.metadata.kind).toBe('lexicon');
    expect(trained.metadata.validation.accuracy).toBeGreaterThan(0.6);
    const score = trained.model.score('Acme Corp fined over misleading statements');
    expect(Object.values(score.probabilities).reduce((sum, p) => sum + p, 0)).toBe(1);
    await saveSentimentModel(join(dir, 'lexicon'), trained);
    expect((await loadSentimentModel(join(dir, 'lexicon'))).model.kind).toBe('lexicon');
  });

  it('refuses unknown options and a directory that is not a model', async () => {
    expect(() =>
      trainSentimentModel(rows, parseLabelMapOption(''), { epochs: 3 } as unknown as { seed: number }),
    ).toThrow(/Unknown training option\(s\) epochs/);
    await writeFile(join(dir, 'metadata.json'), '{"format":"other"}');
    await expect(loadSentimentModel(dir)).rejects.toThrow(/not a deepworks sentiment model/);
  });
});
