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

describe('sentiment CLI commands', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentiment-cli-'));
    await writeFile(join(dir, 'train.csv'), `${csvOf(1, 400)}\r\nOdd row,7\r\n`);
    await writeFile(join(dir, 'test.csv'), csvOf(2, 200));
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
});
