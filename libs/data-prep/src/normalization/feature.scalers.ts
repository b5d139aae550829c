/** Column name → values, e.g. `{ age: [34, 41], income: Float32Array }`. */
export type FeatureColumns = Readonly<Record<string, ArrayLike<number>>>;

export interface StandardizerJson {
  kind: 'standardizer';
  version: 1;
  columns: Record<string, { mean: number; std: number }>;
}

export interface MinMaxScalerJson {
  kind: 'minmax';
  version: 1;
  range: [number, number];
  clip: boolean;
  columns: Record<string, { min: number; max: number }>;
}

export type ScalerJson = StandardizerJson | MinMaxScalerJson;

/** What both scalers share: per-column maps applied to columns, single values or rows. */
abstract class ColumnScaler {
  abstract readonly columns: readonly string[];
  abstract transformValue(column: string, value: number): number;

  /** Each named column scaled; a column the scaler was not fitted on is an error. */
  transform(columns: FeatureColumns): Record<string, Float32Array> {
    const result: Record<string, Float32Array> = {};
    for (const name of this.columns) {
      const values = columns[name];
      if (!values) throw new Error(`column "${name}" is missing (fitted on ${this.columns.join(', ')})`);
      const scaled = new Float32Array(values.length);
      for (let index = 0; index < values.length; index++)
        scaled[index] = this.transformValue(name, values[index]);
      result[name] = scaled;
    }
    return result;
  }

  /** Rows to a row-major `[rows, columns]` matrix in the fitted column order: model input. */
  transformRows(rows: readonly Readonly<Record<string, unknown>>[]): Float32Array {
    const width = this.columns.length;
    const matrix = new Float32Array(rows.length * width);
    rows.forEach((row, rowIndex) => {
      this.columns.forEach((name, columnIndex) => {
        const value = row[name];
        const number =
          typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
        if (!Number.isFinite(number))
          throw new Error(
            `row ${rowIndex}: column "${name}" is ${JSON.stringify(value)}, not a finite number`,
          );
        matrix[rowIndex * width + columnIndex] = this.transformValue(name, number);
      });
    });
    return matrix;
  }
}

/**
 * z = (x − mean) / std with the population standard deviation (ddof = 0, as scikit-learn's
 * StandardScaler); a constant column gets std 1 so it maps to 0 instead of dividing by zero.
 */
export class Standardizer extends ColumnScaler {
  readonly columns: readonly string[];

  constructor(readonly statistics: Readonly<Record<string, { mean: number; std: number }>>) {
    super();
    this.columns = Object.keys(statistics);
  }

  transformValue(column: string, value: number): number {
    const stats = this.statistics[column];
    if (!stats) throw new Error(`column "${column}" was not fitted (fitted: ${this.columns.join(', ')})`);
    return (value - stats.mean) / stats.std;
  }

  inverseValue(column: string, value: number): number {
    const stats = this.statistics[column];
    if (!stats) throw new Error(`column "${column}" was not fitted (fitted: ${this.columns.join(', ')})`);
    return value * stats.std + stats.mean;
  }

  toJSON(): StandardizerJson {
    const columns: Record<string, { mean: number; std: number }> = {};
    for (const name of this.columns) columns[name] = { ...this.statistics[name] };
    return { kind: 'standardizer', version: 1, columns };
  }

  static fromJSON(json: unknown): Standardizer {
    const parsed = scalerFromJSON(json);
    if (!(parsed instanceof Standardizer)) throw new Error('JSON holds a min-max scaler, not a standardizer');
    return parsed;
  }
}

/** x' = lo + (x − min) / (max − min) · (hi − lo); a constant column maps to lo. */
export class MinMaxScaler extends ColumnScaler {
  readonly columns: readonly string[];

  constructor(
    readonly statistics: Readonly<Record<string, { min: number; max: number }>>,
    readonly range: readonly [number, number] = [0, 1],
    /** Clamp to `range`: values outside the training min/max otherwise extrapolate. */
    readonly clip = false,
  ) {
    super();
    this.columns = Object.keys(statistics);
  }

  transformValue(column: string, value: number): number {
    const stats = this.statistics[column];
    if (!stats) throw new Error(`column "${column}" was not fitted (fitted: ${this.columns.join(', ')})`);
    const [low, high] = this.range;
    const span = stats.max - stats.min;
    const scaled = span === 0 ? low : low + ((value - stats.min) / span) * (high - low);
    return this.clip ? Math.min(Math.max(scaled, low), high) : scaled;
  }

  toJSON(): MinMaxScalerJson {
    const columns: Record<string, { min: number; max: number }> = {};
    for (const name of this.columns) columns[name] = { ...this.statistics[name] };
    return { kind: 'minmax', version: 1, range: [this.range[0], this.range[1]], clip: this.clip, columns };
  }

  static fromJSON(json: unknown): MinMaxScaler {
    const parsed = scalerFromJSON(json);
    if (!(parsed instanceof MinMaxScaler)) throw new Error('JSON holds a standardizer, not a min-max scaler');
    return parsed;
  }
}

/**
 * Mean and standard deviation per column, from the TRAINING split only (fitting on all data leaks the
 * test set's statistics into training). NaN values are skipped; a column with none left is an error.
 */
export function fitStandardizer(columns: FeatureColumns): Standardizer {
  const statistics: Record<string, { mean: number; std: number }> = {};
  for (const [name, values] of Object.entries(columns)) {
    const present = finiteValues(name, values);
    let sum = 0;
    for (const value of present) sum += value;
    const mean = sum / present.length;
    let squares = 0;
    for (const value of present) squares += (value - mean) ** 2;
    const std = Math.sqrt(squares / present.length);
    statistics[name] = { mean, std: std > 0 ? std : 1 };
  }
  return new Standardizer(statistics);
}

/** Minimum and maximum per column, from the TRAINING split only. */
export function fitMinMax(
  columns: FeatureColumns,
  options: { range?: readonly [number, number]; clip?: boolean } = {},
): MinMaxScaler {
  const range = options.range ?? [0, 1];
  if (!(range[0] < range[1]))
    throw new Error(`fitMinMax: range [${range[0]}, ${range[1]}] must have lo < hi`);
  const statistics: Record<string, { min: number; max: number }> = {};
  for (const [name, values] of Object.entries(columns)) {
    const present = finiteValues(name, values);
    let min = Infinity;
    let max = -Infinity;
    for (const value of present) {
      if (value < min) min = value;
      if (value > max) max = value;
    }
    statistics[name] = { min, max };
  }
  return new MinMaxScaler(statistics, range, options.clip ?? false);
}

/** A scaler back from its `toJSON()` (e.g. stored beside a model), checked field by field. */
export function scalerFromJSON(json: unknown): Standardizer | MinMaxScaler {
  const value = (typeof json === 'string' ? JSON.parse(json) : json) as Partial<ScalerJson> | null;
  if (!value || typeof value !== 'object' || value.version !== 1 || typeof value.columns !== 'object')
    throw new Error('not a scaler JSON (expected { kind, version: 1, columns })');
  const columns = value.columns as Record<string, Record<string, unknown>>;
  if (value.kind === 'standardizer') {
    const statistics: Record<string, { mean: number; std: number }> = {};
    for (const [name, entry] of Object.entries(columns))
      statistics[name] = { mean: finiteField(entry, 'mean', name), std: finiteField(entry, 'std', name) };
    return new Standardizer(statistics);
  }
  if (value.kind === 'minmax') {
    const statistics: Record<string, { min: number; max: number }> = {};
    for (const [name, entry] of Object.entries(columns))
      statistics[name] = { min: finiteField(entry, 'min', name), max: finiteField(entry, 'max', name) };
    const range = value.range ?? [0, 1];
    return new MinMaxScaler(statistics, [range[0], range[1]], value.clip ?? false);
  }
  throw new Error(`unknown scaler kind "${String(value.kind)}" (expected standardizer or minmax)`);
}

function finiteField(entry: Record<string, unknown>, field: string, column: string): number {
  const value = entry[field];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new Error(`scaler JSON: column "${column}" has no finite ${field}`);
  return value;
}

function finiteValues(name: string, values: ArrayLike<number>): number[] {
  const present: number[] = [];
  for (let index = 0; index < values.length; index++)
    if (!Number.isNaN(values[index])) present.push(values[index]);
  if (present.length === 0) throw new Error(`column "${name}" has no values to fit on`);
  return present;
}
