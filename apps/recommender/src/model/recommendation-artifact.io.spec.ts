import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemTextIndex } from './item-text.index';
import { readModelArtifact, writeModelArtifact } from './recommendation-artifact.io';
import { RecommendationModel } from './recommendation.model';
import { sparseRowsFromMaps } from './sparse-rows.matrix';

const description = {
  model: 'ease',
  description: 'ease(lambda=50)',
  parameters: { lambda: 50 },
  coldStart: { neighbours: 20 },
  textScale: 0.25,
  eventWeights: { view: 1 },
  lastEventId: '1234',
  catalogueAt: '2026-01-01T00:00:00.000Z',
  trainedAt: '2026-01-01T00:00:00.000Z',
  metrics: { 'ndcg@10': 0.1 },
};

describe('model artifacts', () => {
  let directory: string;
  const items = [
    { id: 'a', title: 'Enamel kettle', category: 'kitchen' },
    { id: 'b', title: 'Paper kite', category: null },
  ];
  const model = new RecommendationModel({
    kind: 'item-item',
    items,
    userIds: ['u'],
    histories: sparseRowsFromMaps([new Map([[0, 5]])], 2),
    weights: sparseRowsFromMaps([new Map([[1, 0.75]]), new Map([[0, -0.5]])], 2),
    popularity: Float32Array.of(1, 0),
    text: ItemTextIndex.build(items.map((item) => item.title)),
  });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'recommender-artifact-'));
  });
  afterAll(async () => rm(directory, { recursive: true, force: true }));

  it('reads back exactly what it wrote', async () => {
    const written = await writeModelArtifact(directory, model, description);
    expect(written).toMatchObject({
      format: 'deepworks.recommender.v1',
      kind: 'item-item',
      itemCount: 2,
      userCount: 1,
    });
    const { model: loaded, metadata } = await readModelArtifact(directory);
    expect(metadata).toEqual(written);
    expect(loaded.parts.items).toEqual(items);
    const history = loaded.trainingHistory('u');
    expect(Array.from(loaded.scores(history))).toEqual([0, 3.75]);
    expect(Array.from(loaded.parts.weights!.values)).toEqual([0.75, -0.5]);
    expect(Array.from(loaded.text.search('kettle').scores)).toEqual(
      Array.from(model.text.search('kettle').scores),
    );
  });

  it('refuses a matrix file cut short', async () => {
    await truncate(join(directory, 'weights.values.f32'), 4);
    await expect(readModelArtifact(directory)).rejects.toThrow(/weights is not a 2-row sparse matrix/);
  });
});
