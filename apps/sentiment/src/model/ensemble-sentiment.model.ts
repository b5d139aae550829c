import type { LinearSentimentModel } from './linear-sentiment.model';
import { blendRows, logProbabilityRows, type ProbabilityRows, softmaxRows } from './probability.calibration';
import type { SentimentModel, SentimentScore, TokenContribution } from './sentiment.model';
import { argMax, labelled, type SequenceSentimentModel } from './sequence-sentiment.model';

/** What `model.json` holds for an `ensemble`; the two members are files of their own. */
export interface EnsembleSentimentJson {
  format: 'deepworks.sentiment.ensemble';
  classes: string[];
  /** w in w·p_linear + (1 − w)·p_textcnn, chosen on the validation split. */
  linearWeight: number;
  /** Temperature applied to the linear model's log-probabilities before blending. */
  linearTemperature: number;
  textCnn: ReturnType<SequenceSentimentModel['toJSON']>;
}

/**
 * The average of the calibrated class probabilities of the TF-IDF linear model and the text CNN, weighted
 * as chosen on the validation split. Explanations are the linear member's (exact word shares of its
 * log-odds); the CNN part of the score is not explained.
 */
export class EnsembleSentimentModel implements SentimentModel {
  readonly kind = 'ensemble' as const;

  constructor(
    readonly linear: LinearSentimentModel,
    readonly textCnn: SequenceSentimentModel,
    readonly linearWeight: number,
    readonly linearTemperature = 1,
  ) {
    if (linear.classes.join() !== textCnn.classes.join()) {
      throw new Error(
        `ensemble: members disagree on classes [${linear.classes.join(', ')}] vs [${textCnn.classes.join(', ')}]`,
      );
    }
    if (!(linearWeight >= 0 && linearWeight <= 1)) {
      throw new Error(`ensemble: linearWeight must be in [0, 1]; got ${linearWeight}`);
    }
  }

  get classes(): readonly string[] {
    return this.textCnn.classes;
  }

  /** The linear member's probabilities, temperature-scaled. */
  linearProba(texts: readonly string[]): ProbabilityRows {
    return softmaxRows(
      logProbabilityRows(this.linear.classifier.predictProba(texts)),
      this.linearTemperature,
    );
  }

  predictProba(texts: readonly string[]): ProbabilityRows {
    return blendRows(this.linearProba(texts), this.textCnn.predictProba(texts), this.linearWeight);
  }

  score(text: string): SentimentScore {
    return labelled(this.classes, this.predictProba([text])[0]);
  }

  predict(texts: readonly string[]): string[] {
    return this.predictProba(texts).map((row) => this.classes[argMax(row)]);
  }

  explain(text: string, limit: number): TokenContribution[] {
    return this.linear.explain(text, limit);
  }

  toJSON(): EnsembleSentimentJson {
    return {
      format: 'deepworks.sentiment.ensemble',
      classes: [...this.classes],
      linearWeight: this.linearWeight,
      linearTemperature: this.linearTemperature,
      textCnn: this.textCnn.toJSON(),
    };
  }

  dispose(): void {
    this.textCnn.dispose();
  }
}
