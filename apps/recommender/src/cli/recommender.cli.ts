import { writeFileSync } from 'node:fs';
import {
  evaluateFiles,
  InteractionFormatError,
  leaveOneOut,
  randomSplit,
  readMovieLensFolder,
  readOnlineRetailFile,
  temporalSplit,
  UnknownModelError,
  writeSplitFiles,
  type CatalogueItem,
  type DatasetSplit,
  type Interaction,
} from '@deepworks/recsys';
import {
  integerOption,
  numberOption,
  parseArguments,
  requiredOption,
  USAGE,
  UsageError,
  type ParsedCommand,
} from './cli-arguments';

/** Where the CLI writes: stdout for results, stderr for errors (injected so it stays testable). */
export interface CliOutput {
  out(text: string): void;
  error(text: string): void;
}

/** Runs one command line; returns the exit code (0 ok, 2 bad arguments or unreadable input, 1 failure). */
export async function runRecommenderCli(argv: readonly string[], output: CliOutput): Promise<number> {
  try {
    const parsed = parseArguments(argv);
    const result = parsed.command === 'evaluate' ? await evaluate(parsed) : split(parsed);
    const text = JSON.stringify(result, null, 2);
    const outPath = parsed.options.get('out');
    if (parsed.command === 'evaluate' && outPath) writeFileSync(outPath, text + '\n');
    output.out(text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      output.error(`error: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof UnknownModelError || error instanceof InteractionFormatError) {
      output.error(`error: ${error.message}`);
      return 2;
    }
    if (isFileSystemError(error)) {
      output.error(`error: cannot read or write ${error.path ?? 'a file'} (${error.code})`);
      return 2;
    }
    output.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function evaluate({ options }: ParsedCommand): Promise<object> {
  return evaluateFiles({
    trainCsv: requiredOption(options, 'train'),
    testCsv: requiredOption(options, 'test'),
    validCsv: options.get('valid'),
    negativesCsv: options.get('negatives'),
    itemsCsv: options.get('items'),
    model: requiredOption(options, 'model'),
    k: integerOption(options, 'k', 10),
    seed: integerOption(options, 'seed', 42, 0),
    tune: options.get('tune') === 'true',
    backend: 'wasm',
  });
}

function split({ options }: ParsedCommand): object {
  const outFolder = requiredOption(options, 'out');
  const seed = integerOption(options, 'seed', 42, 0);
  const { interactions, items } = readDataset(options);
  const protocol = requiredOption(options, 'protocol');
  let result: DatasetSplit;
  if (protocol === 'random') {
    result = randomSplit(interactions, {
      seed,
      minRating: numberOption(options, 'min-rating'),
      core: options.has('core') ? integerOption(options, 'core', 1) : undefined,
    });
  } else if (protocol === 'leave-one-out') {
    result = leaveOneOut(interactions, {
      seed,
      validation: true,
      negatives: integerOption(options, 'negatives', 0, 0),
    });
  } else if (protocol === 'temporal') {
    result = temporalSplit(interactions, { testFraction: numberOption(options, 'test-fraction') ?? 0.2 });
  } else {
    throw new UsageError(`--protocol must be random, leave-one-out or temporal, got "${protocol}"`);
  }
  const files = writeSplitFiles(result, outFolder, items);
  return {
    protocol: result.protocol,
    train: result.train.length,
    validation: result.validation.length,
    test: result.test.length,
    files,
  };
}

/** `--movielens FOLDER` or `--online-retail FILE` (one of them). */
function readDataset(options: ReadonlyMap<string, string>): {
  interactions: Interaction[];
  items: CatalogueItem[];
} {
  const folder = options.get('movielens');
  const retail = options.get('online-retail');
  if ((folder === undefined) === (retail === undefined)) {
    throw new UsageError('give one dataset: --movielens FOLDER or --online-retail FILE');
  }
  return folder !== undefined ? readMovieLensFolder(folder) : readOnlineRetailFile(retail!);
}

function isFileSystemError(error: unknown): error is { code: string; path?: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    /^E[A-Z]+$/.test((error as { code: string }).code)
  );
}
