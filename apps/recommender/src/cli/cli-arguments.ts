/** A command line that cannot be run: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `usage:
  npm run recommender -- evaluate --train TRAIN.csv --test TEST.csv [--valid VALID.csv] [--items ITEMS.csv]
                                  --model pop|itemknn|ease|mf|bpr|neumf|twotower|best [--negatives NEG.csv] [--tune] [--k 10] [--seed 42] [--out result.json]
  npm run recommender -- split --movielens FOLDER | --online-retail FILE.csv[.gz]
                               --protocol random|leave-one-out|temporal --out FOLDER
                               [--seed 42] [--min-rating 3] [--core 10] [--negatives 99] [--test-fraction 0.2]`;

export interface ParsedCommand {
  command: 'evaluate' | 'split';
  /** `--name value` pairs; a flag without a value maps to 'true'. */
  options: Map<string, string>;
}

const FLAGS = new Set(['tune']);
const KNOWN: Record<ParsedCommand['command'], readonly string[]> = {
  evaluate: ['train', 'test', 'valid', 'negatives', 'items', 'model', 'k', 'seed', 'out', 'tune'],
  split: [
    'movielens',
    'online-retail',
    'protocol',
    'out',
    'seed',
    'min-rating',
    'core',
    'negatives',
    'test-fraction',
  ],
};

export function parseArguments(argv: readonly string[]): ParsedCommand {
  const [command, ...rest] = argv;
  if (command !== 'evaluate' && command !== 'split') {
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  }
  const options = new Map<string, string>();
  for (let index = 0; index < rest.length; index++) {
    const token = rest[index];
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2);
    if (!KNOWN[command].includes(name)) {
      throw new UsageError(
        `unknown option --${name} for ${command}; known: ${KNOWN[command].map((known) => `--${known}`).join(', ')}`,
      );
    }
    if (FLAGS.has(name)) {
      options.set(name, 'true');
    } else if (inline !== undefined) {
      options.set(name, inline);
    } else {
      const value = rest[index + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
      index++;
    }
  }
  return { command, options };
}

export function requiredOption(options: ReadonlyMap<string, string>, name: string): string {
  const value = options.get(name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function integerOption(
  options: ReadonlyMap<string, string>,
  name: string,
  fallback: number,
  minimum = 1,
): number {
  const text = options.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum)
    throw new UsageError(`--${name} must be an integer ≥ ${minimum}, got "${text}"`);
  return value;
}

export function numberOption(options: ReadonlyMap<string, string>, name: string): number | undefined {
  const text = options.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${text}"`);
  return value;
}
