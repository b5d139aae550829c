import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadModel, saveModel } from '@deepworks/engine';
import { registerZooLayers } from '@deepworks/zoo';
import { LabelMap, PREPROCESSING_VERSION, TopicClassifier, Vocabulary } from '@deepworks/text';
import { EnsembleSentimentModel, type EnsembleSentimentJson } from './ensemble-sentiment.model';
import { LexiconSentimentModel } from './lexicon-sentiment.model';
import { LinearSentimentModel } from './linear-sentiment.model';
import { assertModelKind, type SentimentModel } from './sentiment.model';
import type { SentimentModelMetadata, TrainedSentimentModel } from './sentiment-model.trainer';
import {
  type SequenceSentimentJson,
  type SequenceSentimentKind,
  SequenceSentimentModel,
} from './sequence-sentiment.model';
import { ArticleTopics } from './topic.model';

/**
 * A model directory: the text lib's serialised classifier (neural kinds: their composition) and what the
 * app knows about it; the sequence kinds (`textcnn`, `bilstm`, `transformer`) and `ensemble` add the
 * vocabulary, the engine's saved network and, for the
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
  const sequence =
    model instanceof SequenceSentimentModel
      ? model
      : model instanceof EnsembleSentimentModel
        ? model.textCnn
        : undefined;
  if (sequence) {
    await writeFile(join(dir, VOCABULARY_FILE), JSON.stringify(sequence.vocabulary.toJSON()));
    // The engine never overwrites a saved network; retraining into the same directory replaces it.
    await rm(join(dir, NETWORK_DIR), { recursive: true, force: true });
    await saveModel(sequence.network, join(dir, NETWORK_DIR), {
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

/** A sequence-model or `ensemble` directory; the tfjs backend must be resolved before. */
async function loadNeuralModel(
  dir: string,
  kind: SequenceSentimentKind | 'ensemble',
  json: unknown,
): Promise<SequenceSentimentModel | EnsembleSentimentModel> {
  const composition = json as { format?: string; textCnn?: SequenceSentimentJson } | null;
  const expected = `deepworks.sentiment.${kind}`;
  if (composition?.format !== expected) {
    throw new Error(`${join(dir, MODEL_FILE)} is not a ${kind} model (expected format ${expected})`);
  }
  const network =
    kind === 'ensemble'
      ? (composition.textCnn as SequenceSentimentJson)
      : (composition as SequenceSentimentJson);
  const vocabulary = Vocabulary.fromJSON(JSON.parse(await readFile(join(dir, VOCABULARY_FILE), 'utf8')));
  // The transformer's attention, layer-norm and pooling layers are the zoo's own classes.
  registerZooLayers();
  const { model: layers } = await loadModel(join(dir, NETWORK_DIR));
  const sequence = new SequenceSentimentModel(
    kind === 'ensemble' ? 'textcnn' : kind,
    layers,
    vocabulary,
    network.classes,
    network.sequenceLength,
    network.temperature,
  );
  if (kind !== 'ensemble') return sequence;
  const linear = LinearSentimentModel.fromJSON(
    JSON.parse(await readFile(join(dir, LINEAR_MODEL_FILE), 'utf8')),
  );
  const ensemble = composition as EnsembleSentimentJson;
  return new EnsembleSentimentModel(linear, sequence, ensemble.linearWeight, ensemble.linearTemperature);
}
