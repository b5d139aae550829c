import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runRecommenderCli } from './recommender.cli';

/** Runs one command line in-process; what it printed, and its exit code. */
async function run(...argv: string[]): Promise<{ code: number; out: string; error: string }> {
  let out = '';
  let error = '';
  const code = await runRecommenderCli(argv, {
    out: (text) => (out += text),
    error: (text) => (error += text),
  });
  return { code, out, error };
}

/**
 * A small shop in the Online Retail layout: 30 customers buy mugs or lamps in November, and in
 * December a new mug and a new lamp arrive that only the test period sells.
 */
function onlineRetailFile(): string {
  const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  const product = (kind: 'mug' | 'lamp', index: number) => ({
    code: `${kind === 'mug' ? 10 : 20}${String(index).padStart(3, '0')}`,
    text: kind === 'mug' ? `CERAMIC TEA MUG ${index}` : `DESK LAMP LIGHT ${index}`,
  });
  let invoice = 500000;
  for (let customer = 0; customer < 30; customer++) {
    const kind = customer % 2 === 0 ? 'mug' : 'lamp';
    for (let day = 1; day <= 8; day++) {
      const { code, text } = product(kind, (customer + day) % 6);
      rows.push(
        `${invoice++},${code},${text},1,2011-11-${String(day).padStart(2, '0')} 10:00:00,2.5,${12000 + customer},UK`,
      );
    }
    const fresh = product(kind, 9);
    rows.push(`${invoice++},${fresh.code},${fresh.text},1,2011-12-01 10:00:00,2.5,${12000 + customer},UK`);
    rows.push(`C${invoice++},${fresh.code},${fresh.text},-1,2011-12-02 10:00:00,2.5,${12000 + customer},UK`);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'recommender-cli-')), 'retail.csv.gz');
  writeFileSync(path, gzipSync(rows.join('\n')));
  return path;
}

describe('recommender CLI', () => {
  it('splits Online Retail by time with its catalogue, then evaluates with the catalogue (cold start)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'recommender-cli-split-'));
    const split = await run(
      'split',
      '--online-retail',
      onlineRetailFile(),
      '--protocol',
      'temporal',
      '--test-fraction',
      '0.1',
      '--out',
      folder,
    );
    expect(split.code).toBe(0);
    expect(JSON.parse(split.out)).toMatchObject({
      train: 240,
      test: 30,
      files: { items: join(folder, 'items.csv') },
    });
    expect(readFileSync(join(folder, 'items.csv'), 'utf8')).toContain('10009,CERAMIC TEA MUG 9,');

    const evaluated = await run(
      'evaluate',
      '--train',
      join(folder, 'train.csv'),
      '--test',
      join(folder, 'test.csv'),
      '--items',
      join(folder, 'items.csv'),
      '--model',
      'pop',
      '--out',
      join(folder, 'result.json'),
    );
    expect(evaluated.code).toBe(0);
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    // The two new items are all of the test period: every customer bought one of them.
    expect(result).toMatchObject({ users: 30, model: 'pop', cold_start: { items: 2, users: 30 } });
    expect(result['ndcg@10']).toBeGreaterThan(0);
  });

  it('asks for exactly one dataset and names unknown models, with exit code 2', async () => {
    const neither = await run('split', '--protocol', 'temporal', '--out', tmpdir());
    expect(neither).toMatchObject({ code: 2 });
    expect(neither.error).toMatch(/^error: give one dataset: --movielens FOLDER or --online-retail FILE/);
    const both = await run(
      'split',
      '--movielens',
      'x',
      '--online-retail',
      'y',
      '--protocol',
      'temporal',
      '--out',
      tmpdir(),
    );
    expect(both.error).toMatch(/^error: give one dataset/);
    const unknown = await run('evaluate', '--train', 'a.csv', '--test', 'b.csv', '--model', 'slim');
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.error).toMatch(/model "slim" is not available yet; available models: .*twotower, best/);
  });
});
