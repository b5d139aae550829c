import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateFinanceHeadlines } from '@deepworks/demo-data';
import { ModelRegistry } from '@deepworks/platform';
import type { TestService } from '@deepworks/platform/testing';
import { parseLabelMapOption } from '../../src/model/label-map.option';
import { saveSentimentModel } from '../../src/model/sentiment-model.artifact';
import { trainSentimentModel } from '../../src/model/sentiment-model.trainer';
import { SENTIMENT_TASK } from '../../src/scoring/sentiment-model.provider';

/**
 * A linear model trained here on generated headlines, registered and promoted as a training run would,
 * without putting its training rows into the service's database.
 */
export async function promoteGeneratedModel(service: TestService, seed: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sentiment-generated-model-'));
  try {
    const rows = generateFinanceHeadlines({ seed, count: 1500 }).map((headline) => ({
      text: headline.text,
      label: headline.sentiment,
    }));
    const trained = trainSentimentModel(rows, parseLabelMapOption(undefined));
    await saveSentimentModel(dir, trained);
    const registry = service.api.nest.get(ModelRegistry);
    const version = await registry.register({
      task: SENTIMENT_TASK,
      config: { ...trained.metadata.options },
      dataFingerprint: trained.metadata.dataFingerprint,
      metrics: {
        accuracy: trained.metadata.validation.accuracy,
        macro_f1: trained.metadata.validation.macro_f1,
      },
      sourceDir: dir,
      createdBy: 'test',
    });
    await registry.promote(version.id, 'test');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
