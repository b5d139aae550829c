import { readRecord, readStringArray } from '../artifacts/json-artifact.reader';
import { assertKnownOptions } from '../artifacts/options.validation';

export type LabelMapErrorCode = 'unknown-label' | 'invalid-configuration';

export class LabelMapError extends Error {
  constructor(
    readonly code: LabelMapErrorCode,
    message: string,
    /** 1-based line of the offending row, when the caller gave one. */
    readonly line?: number,
    readonly label?: string,
  ) {
    super(message);
    this.name = 'LabelMapError';
  }
}

export interface LabelMapOptions {
  /** Canonical class names, in the order models output them. */
  classes: readonly string[];
  /** Other spellings → canonical name (matched case-insensitively, trimmed). */
  aliases?: Readonly<Record<string, string>>;
  /** Meaning of numeric labels: `numericOrder[i]` is the class written as "i". */
  numericOrder?: readonly string[];
}

export interface LabelMapJson {
  classes: string[];
  aliases: Record<string, string>;
  numericOrder: string[];
}

const LABEL_MAP_OPTION_KEYS = ['classes', 'aliases', 'numericOrder'] as const;
const NUMERIC_LABEL = /^\d+$/;

/** Canonical sentiment classes used throughout deepworks. */
export const SENTIMENT_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type SentimentClass = (typeof SENTIMENT_CLASSES)[number];

/** Spellings found in public financial-sentiment datasets (Twitter Financial News, FiQA, Financial PhraseBank). */
export const SENTIMENT_ALIASES: Readonly<Record<string, SentimentClass>> = {
  bearish: 'negative',
  bullish: 'positive',
  neg: 'negative',
  pos: 'positive',
  neu: 'neutral',
  negative: 'negative',
  neutral: 'neutral',
  positive: 'positive',
};

/**
 * Maps raw dataset labels ("Bullish", "2", " neg ") to canonical class names and refuses anything else,
 * naming the row's line so a bad file is fixed at its source instead of becoming a silent extra class.
 */
export class LabelMap {
  readonly classes: readonly string[];
  private readonly aliases: Readonly<Record<string, string>>;
  private readonly numericOrder: readonly string[];
  private readonly canonicalByRaw = new Map<string, string>();

  constructor(options: LabelMapOptions) {
    assertKnownOptions(options, LABEL_MAP_OPTION_KEYS, 'LabelMap');
    this.classes = [...options.classes];
    if (this.classes.length === 0 || new Set(this.classes).size !== this.classes.length) {
      throw new LabelMapError('invalid-configuration', 'classes must be non-empty and distinct');
    }
    this.aliases = { ...options.aliases };
    this.numericOrder = [...(options.numericOrder ?? [])];
    for (const name of this.classes) this.canonicalByRaw.set(name.trim().toLowerCase(), name);
    for (const [alias, target] of Object.entries(this.aliases)) this.addMapping(alias, target, 'alias');
    this.numericOrder.forEach((target, index) => this.addMapping(String(index), target, 'numeric'));
  }

  /** Sentiment labels: canonical names and bullish/bearish aliases; numbers only if `numericOrder` is given. */
  static sentiment(numericOrder?: readonly SentimentClass[]): LabelMap {
    return new LabelMap({ classes: SENTIMENT_CLASSES, aliases: SENTIMENT_ALIASES, numericOrder });
  }

  /** Canonical name of `raw`; throws `LabelMapError` ('unknown-label') naming `line` when given. */
  map(raw: string, line?: number): string {
    const canonical = this.canonicalByRaw.get(raw.trim().toLowerCase());
    if (canonical === undefined) {
      const where = line === undefined ? '' : ` on line ${line}`;
      throw new LabelMapError(
        'unknown-label',
        `Unknown label "${raw}"${where}; accepted: ${[...this.canonicalByRaw.keys()].join(', ')}`,
        line,
        raw,
      );
    }
    return canonical;
  }

  /** Maps every row's label; the first unknown label throws with its line. */
  mapRows<Row extends { label: string; line?: number }>(rows: readonly Row[]): (Row & { label: string })[] {
    return rows.map((row) => ({ ...row, label: this.map(row.label, row.line) }));
  }

  indexOf(canonical: string): number {
    const index = this.classes.indexOf(canonical);
    if (index < 0)
      throw new LabelMapError('unknown-label', `"${canonical}" is not a class`, undefined, canonical);
    return index;
  }

  toJSON(): LabelMapJson {
    return { classes: [...this.classes], aliases: { ...this.aliases }, numericOrder: [...this.numericOrder] };
  }

  static fromJSON(json: unknown): LabelMap {
    const record = readRecord(json, 'label map');
    const aliasRecord = readRecord(record.aliases, 'label map.aliases');
    const aliases: Record<string, string> = {};
    for (const [alias, target] of Object.entries(aliasRecord)) {
      if (typeof target !== 'string') throw new Error(`label map.aliases.${alias} must be a string`);
      aliases[alias] = target;
    }
    return new LabelMap({
      classes: readStringArray(record, 'classes', 'label map'),
      aliases,
      numericOrder: readStringArray(record, 'numericOrder', 'label map'),
    });
  }

  private addMapping(raw: string, target: string, kind: 'alias' | 'numeric'): void {
    if (!this.classes.includes(target)) {
      throw new LabelMapError(
        'invalid-configuration',
        `${kind} "${raw}" points to "${target}", which is not one of the classes [${this.classes.join(', ')}]`,
      );
    }
    const key = raw.trim().toLowerCase();
    if (kind === 'alias' && NUMERIC_LABEL.test(key)) {
      throw new LabelMapError(
        'invalid-configuration',
        `Numeric labels go in numericOrder, not aliases ("${raw}")`,
      );
    }
    this.canonicalByRaw.set(key, target);
  }
}
