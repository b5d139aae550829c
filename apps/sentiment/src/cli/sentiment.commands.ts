import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { readCsv } from '@deepworks/data-prep';
import { contentHash } from '../articles/content-hash';
import { type LabelledCsvColumns, type RowError, readLabelledCsv } from '../model/labelled-text.reader';
import { parseLabelMapOption } from '../model/label-map.option';
import { loadSentimentModel, saveSentimentModel } from '../model/sentiment-model.artifact';
import {
  isNeuralTraining,
  type NeuralSentimentOptions,
  trainNeuralSentimentModel,
} from '../model/neural-sentiment.trainer';
import { trainSentimentModel, type SentimentTrainingOptions } from '../model/sentiment-model.trainer';
import { NEURAL_SENTIMENT_MODEL_KINDS } from '../model/sentiment.model';
import { evaluateSentimentModel, type SentimentEvaluation } from '../model/sentiment.evaluation';
import {
  evaluateTopics,
  type LabelledTopicRow,
  parseTopicLabel,
  type TopicEvaluation,
  type TopicTrainingReport,
  trainTopicClassifier,
} from '../model/topic.model';
import { heldOutByContentHash } from '../training/held-out.split';

/** Bad rows are named on stderr, at most this many; the count is always given. */
const ROW_ERRORS_SHOWN = 20;

export interface TrainCommand extends LabelledCsvColumns {
  trainPath: string;
  outDir: string;
  labelMap?: string;
  training: SentimentTrainingOptions;
  /** `textcnn` and `ensemble` only. */
  neural?: NeuralSentimentOptions;
  /**
   * A column of topic labels (one or several: `earnings|macro`); rows where it is empty are not used
   * for topics. A topic classifier is then trained as the service's training job does.
   */
  topicColumn?: string;
}

export interface TrainCommandResult {
  model: string;
  kind: string;
  labels: string[];
  trainRows: number;
  validationRows: number;
  skippedRows: number;
  validation: SentimentEvaluation;
  /** Wall-clock seconds of training (split, fit, calibration), reading and saving excluded. */
  trainSeconds: number;
  /** With `topicColumn`: the topic classifier's report (kept only where it beats the keyword rules). */
  topics?: TopicTrainingReport;
}

export interface CommandLog {
  (line: string): void;
}

export async function runTrainCommand(command: TrainCommand, log: CommandLog): Promise<TrainCommandResult> {
  const labelMap = parseLabelMapOption(command.labelMap);
  const data = await readLabelledCsv(command.trainPath, command, labelMap);
  reportRowErrors(command.trainPath, data.errors, data.errorCount, log);
  if (data.rows.length === 0) throw new Error(`${command.trainPath}: no usable rows to train on`);
  const started = performance.now();
  const trained = isNeuralTraining(command.training)
    ? await trainNeuralSentimentModel(data.rows, labelMap, command.training, command.neural)
    : trainSentimentModel(data.rows, labelMap, command.training);
  const topics = command.topicColumn
    ? trainTopicClassifier(
        ...heldOutByContentHash(
          await readTopicRows(command.trainPath, command.textColumn, command.topicColumn),
        ),
      )
    : undefined;
  const trainSeconds = Math.round((performance.now() - started) / 100) / 10;
  const outDir = resolve(command.outDir);
  await saveSentimentModel(outDir, trained, topics?.classifier ?? null);
  disposeModel(trained.model);
  return {
    model: outDir,
    kind: trained.metadata.kind,
    labels: trained.metadata.labels,
    trainRows: trained.metadata.trainRows,
    validationRows: trained.metadata.validationRows,
    skippedRows: data.errorCount,
    validation: trained.metadata.validation,
    trainSeconds,
    ...(topics ? { topics: topics.report } : {}),
  };
}

export interface EvaluateCommand extends LabelledCsvColumns {
  testPath: string;
  modelDir: string;
  outPath?: string;
  /** Default: the label map the model was trained with. */
  labelMap?: string;
  /** A column of topic labels: the model's topic tagging is scored too (micro-F1). */
  topicColumn?: string;
}

export type EvaluateCommandResult = SentimentEvaluation & { topics?: TopicEvaluation };

export async function runEvaluateCommand(
  command: EvaluateCommand,
  log: CommandLog,
): Promise<EvaluateCommandResult> {
  const loaded = await loadSentimentModel(resolve(command.modelDir));
  const labelMap = command.labelMap === undefined ? loaded.labelMap : parseLabelMapOption(command.labelMap);
  const data = await readLabelledCsv(command.testPath, command, labelMap);
  reportRowErrors(command.testPath, data.errors, data.errorCount, log);
  if (data.rows.length === 0) throw new Error(`${command.testPath}: no usable rows to evaluate on`);
  const result: EvaluateCommandResult = evaluateSentimentModel(loaded.model, data.rows);
  if (command.topicColumn) {
    const rows = await readTopicRows(command.testPath, command.textColumn, command.topicColumn);
    result.topics = evaluateTopics(loaded.topics, rows);
  }
  disposeModel(loaded.model);
  if (command.outPath) {
    await mkdir(dirname(resolve(command.outPath)), { recursive: true });
    await writeFile(command.outPath, `${JSON.stringify(result, null, 2)}\n`);
  }
  return result;
}

/** The rows of a CSV that have a topic label, with the content hash the held-out split goes by. */
async function readTopicRows(
  path: string,
  textColumn: string,
  topicColumn: string,
): Promise<(LabelledTopicRow & { contentHash: string })[]> {
  const csv = await readCsv(path, { maxErrors: 0 });
  if (!csv.columns.includes(topicColumn)) {
    throw new Error(`${path}: no column "${topicColumn}" in the header [${csv.columns.join(', ')}]`);
  }
  const rows: (LabelledTopicRow & { contentHash: string })[] = [];
  for (const { values } of csv.rows) {
    const text = values[textColumn] ?? '';
    const topics = parseTopicLabel(values[topicColumn] ?? '');
    if (text.trim() !== '' && topics.length > 0) rows.push({ text, topics, contentHash: contentHash(text) });
  }
  return rows;
}

function reportRowErrors(path: string, errors: RowError[], count: number, log: CommandLog): void {
  if (count === 0) return;
  log(`${path}: ${count} bad row(s) skipped`);
  for (const error of errors.slice(0, ROW_ERRORS_SHOWN)) log(`  line ${error.line}: ${error.reason}`);
  if (count > ROW_ERRORS_SHOWN) log(`  … and ${count - ROW_ERRORS_SHOWN} more`);
}

/** Whether a kind needs tfjs (and so a resolved backend) to train or load. */
export function needsTensorBackend(kind: string): boolean {
  return (NEURAL_SENTIMENT_MODEL_KINDS as readonly string[]).includes(kind);
}

function disposeModel(model: object): void {
  if ('dispose' in model && typeof model.dispose === 'function') (model as { dispose(): void }).dispose();
}
