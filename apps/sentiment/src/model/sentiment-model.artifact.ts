import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LabelMap, PREPROCESSING_VERSION } from '@deepworks/text';
import { LexiconSentimentModel } from './lexicon-sentiment.model';
import { LinearSentimentModel } from './linear-sentiment.model';
import { assertModelKind, type SentimentModel } from './sentiment.model';
import type { SentimentModelMetadata, TrainedSentimentModel } from './sentiment-model.trainer';

/** A model directory: the text lib's serialised classifier and what the app knows about it. */
export const MODEL_FILE = 'model.json';
export const METADATA_FILE = 'metadata.json';

export async function saveSentimentModel(dir: string, trained: TrainedSentimentModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, MODEL_FILE), JSON.stringify(trained.model.toJSON()));
  await writeFile(join(dir, METADATA_FILE), `${JSON.stringify(trained.metadata, null, 2)}\n`);
}

export interface LoadedSentimentModel {
  model: SentimentModel;
  metadata: SentimentModelMetadata;
  labelMap: LabelMap;
}

/** Reads a model directory; refuses another format or preprocessing version, naming the file. */
export async function loadSentimentModel(dir: string): Promise<LoadedSentimentModel> {
  const metadataPath = join(dir, METADATA_FILE);
  const metadata = JSON.parse(await readFile(metadataPath, 'utf8')) as SentimentModelMetadata;
  if (metadata?.format !== 'deepworks.sentiment.model') {
    throw new Error(`${metadataPath} is not a deepworks sentiment model's metadata`);
  }
  if (metadata.preprocessingVersion !== PREPROCESSING_VERSION) {
    throw new Error(
      `${metadataPath}: trained with preprocessing version ${metadata.preprocessingVersion}, this build ` +
        `has ${PREPROCESSING_VERSION}; retrain the model`,
    );
  }
  const json: unknown = JSON.parse(await readFile(join(dir, MODEL_FILE), 'utf8'));
  const kind = assertModelKind(metadata.kind);
  const model =
    kind === 'linear' ? LinearSentimentModel.fromJSON(json) : LexiconSentimentModel.fromJSON(json);
  return { model, metadata, labelMap: LabelMap.fromJSON(metadata.labelMap) };
}
