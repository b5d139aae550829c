import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, saveModel } from '@deepworks/engine';
import { LabelMap, PREPROCESSING_VERSION, TopicClassifier, Vocabulary } from '@deepworks/text';
import { EnsembleSentimentModel, type EnsembleSentimentJson } from './ensemble-sentiment.model';
import { LexiconSentimentModel } from './lexicon-sentiment.model';
import { LinearSentimentModel } from './linear-sentiment.model';
import { assertModelKind, type SentimentModel } from './sentiment.model';
import type { SentimentModelMetadata, TrainedSentimentModel } from './sentiment-model.trainer';
import { TextCnnSentimentModel, type TextCnnSentimentJson } from './text-cnn-sentiment.model';
import { ArticleTopics } from './topic.model';

/**
 * A model directory: the text lib's serialised classifier (neural kinds: their composition) and what the
 * app knows about it; `textcnn` and `ensemble` add the vocabulary, the engine's saved network and, for the
 * ensemble, the linear member.
 */
export const MODEL_FILE = 'model.json';
export const METADATA_FILE = 'metadata.json';
export const VOCABULARY_FILE = 'vocabulary.json';
export const LINEAR_MODEL_FILE = 'linear.json';
export const NETWORK_DIR = 'network';
/** The learned topic classifier, when training kept one (else topics come from keyword rules). */
export const TOPICS_FILE = 'topics.json';

export async function saveSentimentModel(
  dir: string,
  trained: TrainedSentimentModel,
  topics: TopicClassifier | null = null,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (topics) await writeFile(join(dir, TOPICS_FILE), JSON.stringify(topics.toJSON()));
  const { model } = trained;
  const textCnn =
    model instanceof TextCnnSentimentModel
      ? model
      : model instanceof EnsembleSentimentModel
        ? model.textCnn
        : undefined;
  if (textCnn) {
    await writeFile(join(dir, VOCABULARY_FILE), JSON.stringify(textCnn.vocabulary.toJSON()));
    // The engine never overwrites a saved network; retraining into the same directory replaces it.
    await rm(join(dir, NETWORK_DIR), { recursive: true, force: true });
    await saveModel(textCnn.network, join(dir, NETWORK_DIR), {
      kind: model.kind,
      labels: [...model.classes],
    });
  }
  if (model instanceof EnsembleSentimentModel) {
    await writeFile(join(dir, LINEAR_MODEL_FILE), JSON.stringify(model.linear.toJSON()));
  }
  await writeFile(join(dir, MODEL_FILE), JSON.stringify(model.toJSON()));
  await writeFile(join(dir, METADATA_FILE), `${JSON.stringify(trained.metadata, null, 2)}\n`);
}

export interface LoadedSentimentModel {
  model: SentimentModel;
  /** Learned topics with their keyword fallback (rules alone when the directory has no classifier). */
  topics: ArticleTopics;
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
    kind === 'linear'
      ? LinearSentimentModel.fromJSON(json)
      : kind === 'lexicon'
        ? LexiconSentimentModel.fromJSON(json)
        : await loadNeuralModel(dir, kind, json);
  const topicsPath = join(dir, TOPICS_FILE);
  const topics = new ArticleTopics(
    existsSync(topicsPath) ? TopicClassifier.fromJSON(JSON.parse(await readFile(topicsPath, 'utf8'))) : null,
  );
  return { model, metadata, topics, labelMap: LabelMap.fromJSON(metadata.labelMap) };
}

/** A `textcnn` or `ensemble` directory; the tfjs backend must be resolved before. */
async function loadNeuralModel(
  dir: string,
  kind: 'textcnn' | 'ensemble',
  json: unknown,
): Promise<TextCnnSentimentModel | EnsembleSentimentModel> {
  const composition = json as { format?: string; textCnn?: TextCnnSentimentJson } | null;
  const expected = kind === 'textcnn' ? 'deepworks.sentiment.textcnn' : 'deepworks.sentiment.ensemble';
  if (composition?.format !== expected) {
    throw new Error(`${join(dir, MODEL_FILE)} is not a ${kind} model (expected format ${expected})`);
  }
  const cnn =
    kind === 'textcnn'
      ? (composition as TextCnnSentimentJson)
      : (composition.textCnn as TextCnnSentimentJson);
  const vocabulary = Vocabulary.fromJSON(JSON.parse(await readFile(join(dir, VOCABULARY_FILE), 'utf8')));
  const { model: network } = await loadModel(join(dir, NETWORK_DIR));
  const textCnn = new TextCnnSentimentModel(
    network,
    vocabulary,
    cnn.classes,
    cnn.sequenceLength,
    cnn.temperature,
  );
  if (kind === 'textcnn') return textCnn;
  const linear = LinearSentimentModel.fromJSON(
    JSON.parse(await readFile(join(dir, LINEAR_MODEL_FILE), 'utf8')),
  );
  const ensemble = composition as EnsembleSentimentJson;
  return new EnsembleSentimentModel(linear, textCnn, ensemble.linearWeight, ensemble.linearTemperature);
}
