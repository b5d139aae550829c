import { SeededRandom } from '@deepworks/demo-data';

export const SEARCH_PARAMETER_KINDS = ['choice', 'uniform', 'logUniform', 'int'] as const;
export type SearchParameterKind = (typeof SEARCH_PARAMETER_KINDS)[number];

export type SearchParameter =
  | { kind: 'choice'; values: readonly unknown[] }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'logUniform'; min: number; max: number }
  | { kind: 'int'; min: number; max: number };

export type SearchSpace = Readonly<Record<string, SearchParameter>>;

/** One point of a space: a choice's own value type, a number for the others. */
export type SearchConfig<Space extends SearchSpace> = {
  [Name in keyof Space]: Space[Name] extends { kind: 'choice'; values: readonly (infer Value)[] }
    ? Value
    : number;
};

export interface RandomSearchOptions {
  trials: number;
  seed: number;
}

/**
 * `trials` independent draws from the space (random search, Bergstra & Bengio 2012), seeded: the same
 * seed gives the same configs on every machine. Parameters are drawn in the space's key order.
 */
export function randomSearch<const Space extends SearchSpace>(
  space: Space,
  options: RandomSearchOptions,
): SearchConfig<Space>[] {
  validateSearchSpace(space);
  if (!Number.isInteger(options.trials) || options.trials < 1)
    throw new Error(`trials must be an integer ≥ 1, not ${String(options.trials)}`);
  if (!Number.isFinite(options.seed))
    throw new Error(`seed must be a finite number, not ${String(options.seed)}`);
  const random = new SeededRandom(options.seed);
  return Array.from({ length: options.trials }, () => sampleSearchConfig(space, random));
}

/** One draw from a validated space. */
export function sampleSearchConfig<const Space extends SearchSpace>(
  space: Space,
  random: SeededRandom,
): SearchConfig<Space> {
  const config: Record<string, unknown> = {};
  for (const [name, parameter] of Object.entries(space)) config[name] = sampleParameter(parameter, random);
  return config as SearchConfig<Space>;
}

function sampleParameter(parameter: SearchParameter, random: SeededRandom): unknown {
  switch (parameter.kind) {
    case 'choice':
      return random.pick(parameter.values);
    case 'uniform':
      return parameter.min + random.next() * (parameter.max - parameter.min);
    case 'logUniform': {
      // Uniform in log space: each decade is as likely as any other (Bergstra & Bengio 2012, §2).
      const low = Math.log(parameter.min);
      return Math.exp(low + random.next() * (Math.log(parameter.max) - low));
    }
    case 'int':
      return parameter.min + random.integer(parameter.max - parameter.min + 1);
  }
}

/** Throws an error naming the parameter and what is wrong with it. */
export function validateSearchSpace(space: SearchSpace): void {
  const names = Object.keys(space);
  if (names.length === 0) throw new Error('search space must have at least one parameter');
  for (const name of names) {
    const parameter: unknown = space[name];
    const kind =
      typeof parameter === 'object' && parameter !== null
        ? (parameter as { kind?: unknown }).kind
        : undefined;
    if (!SEARCH_PARAMETER_KINDS.includes(kind as SearchParameterKind))
      throw new Error(
        `search parameter ${name}: kind must be one of ${SEARCH_PARAMETER_KINDS.join(', ')}, not ${String(kind)}`,
      );
    const checked = parameter as SearchParameter;
    if (checked.kind === 'choice') {
      if (!Array.isArray(checked.values) || checked.values.length === 0)
        throw new Error(`search parameter ${name}: choice needs a non-empty values array`);
      continue;
    }
    const { min, max } = checked;
    if (!Number.isFinite(min) || !Number.isFinite(max) || min > max)
      throw new Error(
        `search parameter ${name}: ${checked.kind} needs finite min ≤ max, not min ${String(min)}, max ${String(max)}`,
      );
    if (checked.kind === 'logUniform' && min <= 0)
      throw new Error(`search parameter ${name}: logUniform needs min > 0, not ${min}`);
    if (checked.kind === 'int' && (!Number.isInteger(min) || !Number.isInteger(max)))
      throw new Error(`search parameter ${name}: int needs integer min and max, not ${min}, ${max}`);
  }
}
