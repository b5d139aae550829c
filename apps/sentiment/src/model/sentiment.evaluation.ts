import { classificationReport } from '@deepworks/metrics';
import type { SentimentModel } from './sentiment.model';

export interface ClassEvaluation {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** The CLI's result shape (snake_case, as the issue specifies it). */
export interface SentimentEvaluation {
  accuracy: number;
  macro_f1: number;
  per_class: Record<string, ClassEvaluation>;
  n: number;
}

/** Accuracy, macro-F1 and per-class scores of `model` on labelled texts (labels must be its classes). */
export function evaluateSentimentModel(
  model: SentimentModel,
  rows: readonly { text: string; label: string }[],
): SentimentEvaluation {
  if (rows.length === 0) throw new Error('Cannot evaluate on zero rows');
  const classIndex = new Map(model.classes.map((name, index) => [name, index]));
  const indexOf = (label: string) => {
    const index = classIndex.get(label);
    if (index === undefined) {
      throw new Error(`Label "${label}" is not a class of the model [${model.classes.join(', ')}]`);
    }
    return index;
  };
  const actual = rows.map((row) => indexOf(row.label));
  const predicted = model.predict(rows.map((row) => row.text)).map(indexOf);
  const report = classificationReport(actual, predicted, model.classes.length, model.classes);
  return {
    accuracy: report.accuracy,
    macro_f1: report.macroF1,
    per_class: Object.fromEntries(
      Object.entries(report.perClass).map(([name, scores]) => [
        name,
        { precision: scores.precision, recall: scores.recall, f1: scores.f1, support: scores.support },
      ]),
    ),
    n: rows.length,
  };
}
