import { generateShopData } from '@deepworks/demo-data';
import { resolveBackend } from '@deepworks/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateEvents } from './interaction.aggregator';
import { fitServedModel, type ServedModelConfig } from './served-model.builder';
import { evaluateServedModel } from './served-model.evaluation';
import { prepareTrainingData } from './training-data.preparation';

describe('served models on the demo shop', () => {
  const shop = generateShopData({ seed: 5, items: 150, users: 80 });
  const interactions = aggregateEvents(
    shop.events.map((event) => ({
      userId: event.userId,
      itemId: event.itemId,
      type: event.type,
      value: null,
      occurredAt: Date.parse(event.occurredAt) / 1000,
    })),
  );
  const prepared = prepareTrainingData(shop.items, interactions, { holdout: 0.2, seed: 42 });

  beforeAll(async () => {
    await resolveBackend('wasm');
  });

  async function ndcg(config: Omit<ServedModelConfig, 'seed'>): Promise<number> {
    const fitted = await fitServedModel({ ...config, seed: 42 }, prepared.train, prepared);
    return evaluateServedModel(fitted.model, prepared.train, prepared.heldOut)['ndcg@10'];
  }

  it('learns the hidden tastes: EASE beats popularity, and the text component helps it further', async () => {
    const popularity = await ndcg({ model: 'popularity', parameters: {}, coldStart: null });
    const ease = await ndcg({ model: 'ease', parameters: { lambda: 50 }, coldStart: null });
    const easeWithText = await ndcg({ model: 'ease', parameters: { lambda: 50 }, coldStart: {} });
    expect(prepared.heldOut.length).toBeGreaterThan(200);
    expect(ease).toBeGreaterThan(1.5 * popularity);
    expect(easeWithText).toBeGreaterThan(ease);
  });

  it("serves recsys' ALS from its fitted factors, and it beats popularity", async () => {
    const popularity = await ndcg({ model: 'popularity', parameters: {}, coldStart: null });
    const als = await ndcg({ model: 'als', parameters: { factors: 16, iterations: 5 }, coldStart: null });
    expect(als).toBeGreaterThan(1.5 * popularity);
  });

  it('serves the text-aware two-tower from its factors, and it beats popularity', async () => {
    const popularity = await ndcg({ model: 'popularity', parameters: {}, coldStart: null });
    const twoTower = await ndcg({ model: 'twotower', parameters: {}, coldStart: {} });
    expect(twoTower).toBeGreaterThan(1.5 * popularity);
  }, 60_000);

  it('fingerprints the data, not its order', () => {
    const again = prepareTrainingData([...shop.items].reverse(), [...interactions].reverse(), {
      holdout: 0.2,
      seed: 42,
    });
    expect(again.fingerprint).toBe(prepared.fingerprint);
    expect(again.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
