import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, requiredFlag, runCommandLine } from '@deepworks/platform';
import { parseBackendChoice, resolveBackend } from '@deepworks/engine';
import {
  DATASET_SPLITS,
  type DatasetSplit,
  loadTriageClassifier,
  readImageDataset,
  saveTriageClassifier,
  TRIAGE_ARCHITECTURES,
  type TriageArchitecture,
  trainTriageClassifier,
} from '@deepworks/imaging';

const USAGE = `usage:
  npm run triage -- train --data PATH.npz|FOLDER --out DIR [--epochs 20] [--pretrain-epochs 0]
                          [--architecture cnn|resnet] [--seed 42] [--target-sensitivity 0.95]
                          [--class-names normal,pneumonia] [--quantize none|float16|uint8] [--backend auto]
  npm run triage -- evaluate --data PATH.npz --split test --model DIR [--out result.json] [--backend auto]
  npm run triage -- quantize --model DIR --out DIR2 --quantize float16|uint8`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      data: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
      split: { type: 'string', default: 'test' },
      epochs: { type: 'string', default: '20' },
      'pretrain-epochs': { type: 'string', default: '0' },
      architecture: { type: 'string', default: 'cnn' },
      seed: { type: 'string', default: '42' },
      'target-sensitivity': { type: 'string', default: '0.95' },
      'class-names': { type: 'string' },
      quantize: { type: 'string', default: 'none' },
      backend: { type: 'string', default: 'auto' },
    },
  });
  const backend = await resolveBackend(parseBackendChoice(values.backend));
  process.stderr.write(`engine backend: ${backend.backend}\n`);
  if (command === 'train') {
    const out = resolve(requiredFlag(values.out, '--out'));
    const architecture = values.architecture as TriageArchitecture;
    if (!TRIAGE_ARCHITECTURES.includes(architecture))
      throw new UsageError(`--architecture must be one of ${TRIAGE_ARCHITECTURES.join(', ')}`);
    const quantize = values.quantize;
    if (quantize !== 'none' && quantize !== 'float16' && quantize !== 'uint8')
      throw new UsageError('--quantize must be one of none, float16, uint8');
    const dataset = await readImageDataset(requiredFlag(values.data, '--data'), ['train', 'val']);
    const { train, val } = dataset.splits;
    const { model, metadata } = await trainTriageClassifier(train!, val!, {
      architecture,
      epochs: positiveInteger(values.epochs, '--epochs'),
      pretrainEpochs: positiveInteger(values['pretrain-epochs'], '--pretrain-epochs', true),
      seed: positiveInteger(values.seed, '--seed', true),
      targetSensitivity: Number(values['target-sensitivity']),
      classNames: values['class-names']?.split(',') ?? dataset.classNames,
      onEpoch: (record, phase) => {
        process.stderr.write(`${JSON.stringify({ phase, ...record })}\n`);
      },
    });
    await saveTriageClassifier(out, model, metadata, quantize === 'none' ? {} : { quantize });
    process.stdout.write(
      `${JSON.stringify({ model: out, validation: metadata.validation, training: metadata.training })}\n`,
    );
    return;
  }
  if (command === 'quantize') {
    const quantize = values.quantize;
    if (quantize !== 'float16' && quantize !== 'uint8')
      throw new UsageError('--quantize must be float16 or uint8');
    const classifier = await loadTriageClassifier(resolve(requiredFlag(values.model, '--model')));
    const out = resolve(requiredFlag(values.out, '--out'));
    await saveTriageClassifier(out, classifier.model, classifier.metadata, { quantize });
    classifier.dispose();
    process.stdout.write(`${JSON.stringify({ model: out, quantize })}\n`);
    return;
  }
  if (command === 'evaluate') {
    const split = values.split as DatasetSplit;
    if (!DATASET_SPLITS.includes(split))
      throw new UsageError(`--split must be one of ${DATASET_SPLITS.join(', ')}`);
    const classifier = await loadTriageClassifier(resolve(requiredFlag(values.model, '--model')));
    const set = (await readImageDataset(requiredFlag(values.data, '--data'), [split])).splits[split]!;
    const { auc, acc, sensitivity, specificity, ece, n } = classifier.evaluate(set);
    const result = { auc, acc, sensitivity, specificity, ece, n };
    const json = JSON.stringify(result);
    if (values.out) {
      await mkdir(dirname(resolve(values.out)), { recursive: true });
      await writeFile(values.out, `${json}\n`);
    }
    process.stdout.write(`${json}\n`);
    return;
  }
  throw new UsageError(command ? `unknown command "${command}"` : 'no command');
}

function positiveInteger(value: string | undefined, flag: string, zeroAllowed = false): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < (zeroAllowed ? 0 : 1))
    throw new UsageError(`${flag} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer`);
  return parsed;
}

runCommandLine('triage', USAGE, () => main(process.argv.slice(2)));
