import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { resolveBackend } from '@deepworks/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEvaluateCommand, runTrainCommand } from './sentiment.commands';

// Twitter Financial News numbering: 0 bearish, 1 bullish, 2 neutral.
const CODE = { negative: '0', positive: '1', neutral: '2' } as const;

function csvOf(seed: number, count: number): string {
  const lines = generateFinanceHeadlines({ seed, count }).map(
    (headline) => `"${headline.text.replaceAll('"', '""')}",${CODE[headline.sentiment]}`,
  );
  return ['tweet,label', ...lines].join('\r\n');
}

/** The same headlines with a third column, their topic. */
function csvWithTopics(seed: number, count: number): string {
  const lines = generateFinanceHeadlines({ seed, count }).map(
    (headline) => `"${headline.text.replaceAll('"', '""')}",${CODE[headline.sentiment]},${headline.topic}`,
  );
  return ['tweet,label,topic', ...lines].join('\r\n');
}

describe('sentiment CLI commands', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentiment-cli-'));
    await writeFile(join(dir, 'train.csv'), `${csvOf(1, 400)}\r\nOdd row,7\r\n`);
    await writeFile(join(dir, 'test.csv'), csvOf(2, 200));
    await writeFile(join(dir, 'train-topics.csv'), csvWithTopics(3, 600));
    await writeFile(join(dir, 'test-topics.csv'), csvWithTopics(4, 200));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('trains with a label map, reports the bad row, and evaluates into the result file', async () => {
    const log: string[] = [];
    const trained = await runTrainCommand(
      {
        trainPath: join(dir, 'train.csv'),
        textColumn: 'tweet',
        labelColumn: 'label',
        outDir: join(dir, 'model'),
        labelMap: '0=negative,1=positive,2=neutral',
        training: {},
      },
      (line) => log.push(line),
    );
    // 400 good rows, 10 % held out; the odd row is line 402 (header + 400 records + 1).
    expect([trained.trainRows, trained.validationRows, trained.skippedRows]).toEqual([360, 40, 1]);
    expect(log.join('\n')).toMatch(/1 bad row\(s\) skipped\n {2}line 402: Unknown label "7"/);

    const result = await runEvaluateCommand(
      {
        testPath: join(dir, 'test.csv'),
        textColumn: 'tweet',
        labelColumn: 'label',
        modelDir: join(dir, 'model'),
        outPath: join(dir, 'out', 'result.json'),
      },
      () => undefined,
    );
    expect(Object.keys(result)).toEqual(['accuracy', 'macro_f1', 'per_class', 'n']);
    expect(result.n).toBe(200);
    expect(result.accuracy).toBeGreaterThan(0.9);
    const supports = Object.values(result.per_class).reduce((sum, scores) => sum + scores.support, 0);
    expect(supports).toBe(200);
    expect(JSON.parse(await readFile(join(dir, 'out', 'result.json'), 'utf8'))).toEqual(result);
  });

  it('trains a text CNN and evaluates the directory by the kind it holds', async () => {
    await resolveBackend('wasm');
    const trained = await runTrainCommand(
      {
        trainPath: join(dir, 'train.csv'),
        textColumn: 'tweet',
        labelColumn: 'label',
        outDir: join(dir, 'textcnn'),
        labelMap: '0=negative,1=positive,2=neutral',
        training: { kind: 'textcnn' },
        neural: { sequenceLength: 16, embeddingDim: 16, filters: 16, epochs: 4, learningRate: 5e-3 },
      },
      () => undefined,
    );
    expect(trained.kind).toBe('textcnn');
    expect(trained.trainSeconds).toBeGreaterThan(0);
    const result = await runEvaluateCommand(
      {
        testPath: join(dir, 'test.csv'),
        textColumn: 'tweet',
        labelColumn: 'label',
        modelDir: join(dir, 'textcnn'),
      },
      () => undefined,
    );
    // 200 templated headlines; the majority class (neutral) is ~45 % of them.
    expect(result.n).toBe(200);
    expect(result.accuracy).toBeGreaterThan(0.7);
  });

  it('trains a topic classifier from a topic column, and scores the topics when asked', async () => {
    const columns = {
      textColumn: 'tweet',
      labelColumn: 'label',
      labelMap: '0=negative,1=positive,2=neutral',
    };
    const trained = await runTrainCommand(
      {
        ...columns,
        trainPath: join(dir, 'train-topics.csv'),
        outDir: join(dir, 'model-topics'),
        training: {},
        topicColumn: 'topic',
      },
      () => undefined,
    );
    // Held out by content hash (one in five), as the service's training job does.
    expect(trained.topics?.skipped).toBeUndefined();
    expect(trained.topics?.topics).toEqual(['earnings', 'macro', 'markets', 'mergers', 'regulation']);
    expect(trained.topics!.learned!.micro_f1).toBeGreaterThan(trained.topics!.rules!.micro_f1);
    expect(existsSync(join(dir, 'model-topics', 'topics.json'))).toBe(true);

    const evaluate = (modelDir: string) =>
      runEvaluateCommand(
        { ...columns, testPath: join(dir, 'test-topics.csv'), modelDir, topicColumn: 'topic' },
        () => undefined,
      );
    const learned = await evaluate(join(dir, 'model-topics'));
    expect(learned.topics?.n).toBe(200);
    // The model trained without topics tags by keyword rules alone, and does worse here.
    const rules = await evaluate(join(dir, 'model'));
    expect(learned.topics!.micro_f1).toBeGreaterThan(rules.topics!.micro_f1);
    await expect(
      runEvaluateCommand(
        { ...columns, testPath: join(dir, 'test.csv'), modelDir: join(dir, 'model'), topicColumn: 'topic' },
        () => undefined,
      ),
    ).rejects.toThrow(/no column "topic"/);
  });
});
