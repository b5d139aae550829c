import { tf } from '@deepworks/engine';
import { PAD_ID, TextPreprocessor, type Vocabulary } from '@deepworks/text';
import { type ProbabilityRows, softmaxRows } from './probability.calibration';
import {
  type SentimentModel,
  type SentimentScore,
  type TokenContribution,
  topContributions,
} from './sentiment.model';

/** The sentiment kinds that are one zoo network over text-lib token ids. */
export type SequenceSentimentKind = 'textcnn' | 'bilstm' | 'transformer';
export const SEQUENCE_SENTIMENT_KINDS: readonly SequenceSentimentKind[] = [
  'textcnn',
  'bilstm',
  'transformer',
];

/** What `model.json` holds for a sequence model; the network and the vocabulary are files of their own. */
export interface SequenceSentimentJson {
  format: `deepworks.sentiment.${SequenceSentimentKind}`;
  classes: string[];
  sequenceLength: number;
  /** Temperature fitted on the validation split (probabilities = softmax(logits / T)). */
  temperature: number;
}

/** Texts per forward pass: bounds the tensors alive at once when scoring a whole file. */
const PREDICT_BATCH = 512;

/**
 * A zoo network (`textCnn`, `biLstm`, `transformerEncoder`; logits out) on text-lib token ids, with a
 * fitted temperature so that its probabilities are calibrated. Explanations are occlusions: a word's contribution is how much the log-odds
 * of positive over negative fall when its token is replaced by padding.
 */
export class SequenceSentimentModel implements SentimentModel {
  private readonly wordTokens: TextPreprocessor;

  constructor(
    readonly kind: SequenceSentimentKind,
    readonly network: tf.LayersModel,
    readonly vocabulary: Vocabulary,
    readonly classes: readonly string[],
    readonly sequenceLength: number,
    readonly temperature = 1,
  ) {
    const outputs = network.outputs[0].shape[1];
    if (outputs !== classes.length) {
      throw new Error(`${kind}: the network has ${String(outputs)} outputs for ${classes.length} classes`);
    }
    this.wordTokens = new TextPreprocessor({ ...vocabulary.preprocessOptions, stem: false });
  }

  /** The same network and vocabulary with another temperature. */
  withTemperature(temperature: number): SequenceSentimentModel {
    return new SequenceSentimentModel(
      this.kind,
      this.network,
      this.vocabulary,
      this.classes,
      this.sequenceLength,
      temperature,
    );
  }

  /** Token ids `[texts × sequenceLength]`, as the network was trained on them. */
  encode(texts: readonly string[]): Int32Array {
    const ids = new Int32Array(texts.length * this.sequenceLength);
    texts.forEach((text, row) =>
      ids.set(this.vocabulary.encode(text, this.sequenceLength), row * this.sequenceLength),
    );
    return ids;
  }

  /** Raw logits per text (inference mode: no dropout). */
  logits(texts: readonly string[]): Float32Array[] {
    return this.logitsOfIds(this.encode(texts), texts.length);
  }

  predictProba(texts: readonly string[]): ProbabilityRows {
    return softmaxRows(this.logits(texts), this.temperature);
  }

  score(text: string): SentimentScore {
    const [probabilities] = this.predictProba([text]);
    return labelled(this.classes, probabilities);
  }

  predict(texts: readonly string[]): string[] {
    return this.predictProba(texts).map((row) => this.classes[argMax(row)]);
  }

  explain(text: string, limit: number): TokenContribution[] {
    const words = this.wordTokens.tokens(text).slice(0, this.sequenceLength);
    const ids = this.vocabulary.encode(text, this.sequenceLength);
    // Row 0: the text; row 1 + p: the text with position p padded out.
    const batch = new Int32Array((words.length + 1) * this.sequenceLength);
    for (let row = 0; row <= words.length; row++) {
      batch.set(ids, row * this.sequenceLength);
      if (row > 0) batch[row * this.sequenceLength + row - 1] = PAD_ID;
    }
    const logits = this.logitsOfIds(batch, words.length + 1);
    const logOdds = this.logOdds(logits[0]);
    const byWord = new Map<string, number>();
    words.forEach((word, position) => {
      const share = logOdds.of(logits[0]) - logOdds.of(logits[position + 1]);
      byWord.set(word, (byWord.get(word) ?? 0) + share);
    });
    return topContributions(byWord, limit);
  }

  toJSON(): SequenceSentimentJson {
    return {
      format: `deepworks.sentiment.${this.kind}`,
      classes: [...this.classes],
      sequenceLength: this.sequenceLength,
      temperature: this.temperature,
    };
  }

  dispose(): void {
    this.network.dispose();
  }

  private logitsOfIds(ids: Int32Array, rows: number): Float32Array[] {
    const classes = this.classes.length;
    const result: Float32Array[] = [];
    for (let start = 0; start < rows; start += PREDICT_BATCH) {
      const count = Math.min(PREDICT_BATCH, rows - start);
      const values = tf.tidy(() => {
        const input = tf.tensor2d(
          ids.subarray(start * this.sequenceLength, (start + count) * this.sequenceLength),
          [count, this.sequenceLength],
          'int32',
        );
        return this.network.predict(input) as tf.Tensor;
      });
      const data = values.dataSync() as Float32Array;
      values.dispose();
      for (let row = 0; row < count; row++) result.push(data.slice(row * classes, (row + 1) * classes));
    }
    return result;
  }

  /** log p(positive)/p(negative) from logits; without those classes, log p(predicted class). */
  private logOdds(reference: Float32Array): { of(logits: Float32Array): number } {
    const positive = this.classes.indexOf('positive');
    const negative = this.classes.indexOf('negative');
    if (positive >= 0 && negative >= 0) {
      return { of: (logits) => (logits[positive] - logits[negative]) / this.temperature };
    }
    const predicted = argMax(reference);
    return { of: (logits) => Math.log(softmaxRows([logits], this.temperature)[0][predicted]) };
  }
}

export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let index = 1; index < values.length; index++) if (values[index] > values[best]) best = index;
  return best;
}

export function labelled(classes: readonly string[], probabilities: ArrayLike<number>): SentimentScore {
  return {
    label: classes[argMax(probabilities)],
    probabilities: Object.fromEntries(classes.map((name, index) => [name, probabilities[index]])),
  };
}
