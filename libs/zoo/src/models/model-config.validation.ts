import { tf } from '@deepworks/engine';

/** Every factory takes it: seeds the weight initialisers, so the same config builds the same weights. */
export interface SeedConfig {
  /**
   * Seed of the weight initialisers; tfjs' unseeded default (different weights per call) when absent.
   * Dropout masks stay unseeded: a seeded tfjs dropout layer draws the same mask at every step.
   */
  seed?: number;
}

/** Defaults for every optional field of `C` except `seed`. */
export type ConfigDefaults<C, Required extends keyof C> = {
  [K in Exclude<keyof C, Required | 'seed'>]-?: NonNullable<C[K]>;
};

/** The config with its defaults filled in (`seed` may stay undefined). */
export type ResolvedConfig<C> = { [K in Exclude<keyof C, 'seed'>]-?: NonNullable<C[K]> } & SeedConfig;

/**
 * Reads one factory's config: unknown options, missing required ones and out-of-range values are
 * errors that name the model, the option and what is allowed.
 */
export class ConfigCheck {
  constructor(private readonly model: string) {}

  resolve<C extends SeedConfig, Required extends keyof C & string>(
    config: C,
    required: readonly Required[],
    defaults: ConfigDefaults<C, Required>,
  ): ResolvedConfig<C> {
    if (typeof config !== 'object' || config === null)
      throw new Error(`${this.model}: the config must be an object; got ${String(config)}`);
    const allowed = [...required, ...Object.keys(defaults), 'seed'];
    for (const key of Object.keys(config)) {
      if (!allowed.includes(key))
        throw new Error(`${this.model}: unknown option "${key}"; allowed options: ${allowed.join(', ')}`);
    }
    for (const key of required) {
      if (config[key] === undefined) throw new Error(`${this.model}: option "${key}" is required`);
    }
    const defined = Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
    const resolved = { ...defaults, ...defined } as ResolvedConfig<C>;
    if (resolved.seed !== undefined) this.integer('seed', resolved.seed, 0);
    return resolved;
  }

  integer(key: string, value: unknown, min = 1): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
      throw new Error(`${this.model}: ${key} must be an integer ≥ ${min}; got ${show(value)}`);
    return value;
  }

  integers(key: string, value: unknown, min = 1, minLength = 1): number[] {
    if (
      !Array.isArray(value) ||
      value.length < minLength ||
      !value.every((entry) => typeof entry === 'number' && Number.isInteger(entry) && entry >= min)
    ) {
      const length = minLength > 0 ? `at least ${minLength} ` : '';
      throw new Error(
        `${this.model}: ${key} must be a list of ${length}integers ≥ ${min}; got ${show(value)}`,
      );
    }
    return [...(value as number[])];
  }

  /** A dropout rate. */
  rate(key: string, value: unknown): number {
    if (typeof value !== 'number' || !(value >= 0 && value < 1))
      throw new Error(`${this.model}: ${key} must be a number in [0, 1); got ${show(value)}`);
    return value;
  }

  positive(key: string, value: unknown): number {
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
      throw new Error(`${this.model}: ${key} must be a finite number > 0; got ${show(value)}`);
    return value;
  }

  boolean(key: string, value: unknown): boolean {
    if (typeof value !== 'boolean')
      throw new Error(`${this.model}: ${key} must be true or false; got ${show(value)}`);
    return value;
  }

  choice<T extends string | number>(key: string, value: unknown, allowed: readonly T[]): T {
    if (!(allowed as readonly unknown[]).includes(value))
      throw new Error(`${this.model}: ${key} must be one of ${allowed.join(', ')}; got ${show(value)}`);
    return value as T;
  }

  /** [height, width, channels] of an image input. */
  imageShape(key: string, value: unknown): [number, number, number] {
    const shape = Array.isArray(value) && value.length === 3 ? this.integers(key, value) : undefined;
    if (!shape)
      throw new Error(`${this.model}: ${key} must be [height, width, channels]; got ${show(value)}`);
    return [shape[0], shape[1], shape[2]];
  }

  fail(message: string): never {
    throw new Error(`${this.model}: ${message}`);
  }
}

/**
 * Seeded initialisers, each call one seed further so that no two layers start alike; all `undefined`
 * (tfjs' unseeded defaults) without a seed.
 */
export class InitializerSeeds {
  private offset = 0;

  constructor(private readonly seed: number | undefined) {}

  /** The next seed, for a layer that takes one itself (the zoo's custom layers). */
  next(): number | undefined {
    return this.seed === undefined ? undefined : this.seed + this.offset++;
  }

  /** tfjs' default kernel initialiser, seeded. */
  glorotUniform(): Initializer | undefined {
    const seed = this.next();
    return seed === undefined ? undefined : tf.initializers.glorotUniform({ seed });
  }

  /** For convolutions followed by ReLU (He et al. 2015); seeded or not, always He. */
  heNormal(): Initializer {
    return tf.initializers.heNormal({ seed: this.next() });
  }

  /** tfjs' default embedding initialiser, U(−0.05, 0.05), seeded. */
  embedding(): Initializer | undefined {
    const seed = this.next();
    return seed === undefined
      ? undefined
      : tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
  }

  /** tfjs' default recurrent-kernel initialiser, seeded. */
  orthogonal(): Initializer | undefined {
    const seed = this.next();
    return seed === undefined ? undefined : tf.initializers.orthogonal({ seed });
  }
}

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}
