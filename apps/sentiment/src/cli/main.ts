import { parseArgs } from 'node:util';
import { UsageError, requiredFlag, runCommandLine } from '@deepworks/platform';
import { resolveBackend } from '@deepworks/engine';
import type { NeuralSentimentOptions } from '../model/neural-sentiment.trainer';
import { assertModelKind } from '../model/sentiment.model';
import { needsTensorBackend, runEvaluateCommand, runTrainCommand } from './sentiment.commands';

const USAGE = `usage:
  npm run sentiment -- train --train TRAIN.csv --out DIR [--text text] [--label label]
                             [--label-map 0=negative,1=positive,2=neutral] [--model linear|lexicon|textcnn|bilstm|transformer|ensemble]
                             [--validation-fraction 0.1] [--seed 42] [--l2 3e-6]
                             neural kinds: [--epochs 6] [--sequence-length 40] [--embedding-dim 64]
                                           [--filters 64] [--pretrain-epochs 5] [--learning-rate 1e-3]
                             [--topic COLUMN]  topic labels (earnings|macro…): also train a topic classifier
  npm run sentiment -- evaluate --test TEST.csv --model DIR [--text text] [--label label]
                                [--out result.json] [--label-map …] [--topic COLUMN]`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      train: { type: 'string' },
      test: { type: 'string' },
      text: { type: 'string', default: 'text' },
      label: { type: 'string', default: 'label' },
      topic: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
      'label-map': { type: 'string' },
      'validation-fraction': { type: 'string', default: '0.1' },
      seed: { type: 'string', default: '42' },
      l2: { type: 'string', default: '3e-6' },
      epochs: { type: 'string' },
      'sequence-length': { type: 'string' },
      'embedding-dim': { type: 'string' },
      filters: { type: 'string' },
      'pretrain-epochs': { type: 'string' },
      'learning-rate': { type: 'string' },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const columns = { textColumn: values.text, labelColumn: values.label };
  if (command === 'train') {
    const kind = assertModelKind(values.model ?? 'linear');
    // The wasm backend trains the text CNN several times faster than tfjs' pure-JS cpu backend.
    if (needsTensorBackend(kind)) await resolveBackend('wasm');
    const neural: NeuralSentimentOptions = {
      epochs: optionalNumber(values.epochs, '--epochs'),
      sequenceLength: optionalNumber(values['sequence-length'], '--sequence-length'),
      embeddingDim: optionalNumber(values['embedding-dim'], '--embedding-dim'),
      filters: optionalNumber(values.filters, '--filters'),
      pretrainEpochs: optionalNumber(values['pretrain-epochs'], '--pretrain-epochs'),
      learningRate: optionalNumber(values['learning-rate'], '--learning-rate'),
    };
    const result = await runTrainCommand(
      {
        ...columns,
        trainPath: requiredFlag(values.train, '--train'),
        outDir: requiredFlag(values.out, '--out'),
        labelMap: values['label-map'],
        training: {
          kind,
          validationFraction: number(values['validation-fraction'], '--validation-fraction'),
          seed: number(values.seed, '--seed'),
          l2: number(values.l2, '--l2'),
        },
        neural,
        topicColumn: values.topic,
      },
      log,
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  if (command === 'evaluate') {
    // The model directory may hold a tfjs network; the backend must be chosen before it is loaded.
    await resolveBackend('wasm');
    const result = await runEvaluateCommand(
      {
        ...columns,
        testPath: requiredFlag(values.test, '--test'),
        modelDir: requiredFlag(values.model, '--model'),
        outPath: values.out,
        labelMap: values['label-map'],
        topicColumn: values.topic,
      },
      log,
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'no command');
}

function optionalNumber(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : number(value, flag);
}

function number(value: string, flag: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new UsageError(`${flag} must be a number`);
  return parsed;
}

runCommandLine('sentiment', USAGE, () => main(process.argv.slice(2)));
