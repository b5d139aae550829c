import { execFileSync } from 'node:child_process';
import { SeededRandom } from '@deepworks/demo-data';
import { describe, expect, it } from 'vitest';
import { classificationReport } from './classification.metrics';
import { rankingReport, ndcgAtK, recallAtK, hitRateAtK } from './ranking.metrics';
import { averagePrecision, macroRocAuc, rocAuc, rocCurve } from './roc.metrics';

/**
 * The same numbers from the reference implementations: scikit-learn for classification, and the
 * metric lines of /work/shared/peers/ease.py (copied verbatim below) for ranking. Skipped where the
 * system Python or scikit-learn is missing.
 */
const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-9;

function pythonCanImport(module: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

const pythonAvailable = pythonCanImport('math');
const sklearnAvailable = pythonAvailable && pythonCanImport('sklearn');

function runPython(script: string, input: unknown): unknown {
  const output = execFileSync(PYTHON, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 25_000,
  });
  return JSON.parse(output) as unknown;
}

function expectAllClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(Math.abs(value - expected[index])).toBeLessThan(TOLERANCE));
}

interface BinaryCase {
  y: number[];
  scores: number[];
}

interface MulticlassCase {
  y: number[];
  pred: number[];
  classCount: number;
  probabilities: number[][];
}

function binaryCase(random: SeededRandom, size: number, decimals: number | null): BinaryCase {
  const y: number[] = [];
  const scores: number[] = [];
  for (let index = 0; index < size; index++) {
    // First two samples fix both classes; the rest 30 % positive, shifted up by 0.8.
    const label = index === 0 ? 1 : index === 1 ? 0 : random.next() < 0.3 ? 1 : 0;
    const score = 0.8 * label + random.gaussian();
    y.push(label);
    // Rounding to one decimal gives many tied scores across both classes.
    scores.push(decimals === null ? score : Number(score.toFixed(decimals)));
  }
  return { y, scores };
}

function multiclassCase(
  random: SeededRandom,
  size: number,
  classCount: number,
  neverPredicted: number | null,
): MulticlassCase {
  const y: number[] = [];
  const pred: number[] = [];
  const probabilities: number[][] = [];
  for (let index = 0; index < size; index++) {
    const label = index < classCount ? index : random.integer(classCount);
    let predicted = random.next() < 0.6 ? label : random.integer(classCount);
    if (predicted === neverPredicted) predicted = (predicted + 1) % classCount;
    // Integer logits: softmax rows repeat exactly, so the one-vs-rest AUCs meet many ties.
    const logits = Array.from(
      { length: classCount },
      (_, classIndex) => Math.round(random.gaussian()) + (classIndex === label ? 1 : 0),
    );
    const exponentials = logits.map((logit) => Math.exp(logit));
    const sum = exponentials.reduce((total, value) => total + value, 0);
    y.push(label);
    pred.push(predicted);
    probabilities.push(exponentials.map((value) => value / sum));
  }
  return { y, pred, classCount, probabilities };
}

const SKLEARN_SCRIPT = `
import json, sys
import numpy as np
from sklearn.metrics import (accuracy_score, average_precision_score, confusion_matrix, f1_score,
    precision_score, recall_score, roc_auc_score, roc_curve)
data = json.load(sys.stdin)
binary = []
for case in data["binary"]:
    y, s = np.array(case["y"]), np.array(case["scores"], dtype=np.float64)
    fpr, tpr, _ = roc_curve(y, s, drop_intermediate=False)
    binary.append({"auc": roc_auc_score(y, s), "ap": average_precision_score(y, s),
                   "fpr": fpr.tolist(), "tpr": tpr.tolist()})
multiclass = []
for case in data["multiclass"]:
    y, p = np.array(case["y"]), np.array(case["pred"])
    labels = list(range(case["classCount"]))
    common = dict(labels=labels, zero_division=0)
    multiclass.append({
        "accuracy": accuracy_score(y, p),
        "macroF1": f1_score(y, p, average="macro", **common),
        "microF1": f1_score(y, p, average="micro", **common),
        "macroPrecision": precision_score(y, p, average="macro", **common),
        "macroRecall": recall_score(y, p, average="macro", **common),
        "perClassF1": f1_score(y, p, average=None, **common).tolist(),
        "confusion": confusion_matrix(y, p, labels=labels).tolist(),
        "macroAuc": roc_auc_score(y, np.array(case["probabilities"]), multi_class="ovr",
                                  average="macro", labels=labels),
    })
print(json.dumps({"binary": binary, "multiclass": multiclass}))
`;

interface SklearnResults {
  binary: { auc: number; ap: number; fpr: number[]; tpr: number[] }[];
  multiclass: {
    accuracy: number;
    macroF1: number;
    microF1: number;
    macroPrecision: number;
    macroRecall: number;
    perClassF1: number[];
    confusion: number[][];
    macroAuc: number;
  }[];
}

describe('parity with scikit-learn', () => {
  it.skipIf(!sklearnAvailable)(
    'matches roc_auc_score, average_precision_score, roc_curve, f1/precision/recall, confusion_matrix',
    () => {
      const random = new SeededRandom(20240601);
      const binary = [
        binaryCase(random, 400, null),
        binaryCase(random, 400, 1),
        binaryCase(random, 9, 0),
        binaryCase(random, 1000, 2),
      ];
      const multiclass = [
        multiclassCase(random, 300, 4, null),
        multiclassCase(random, 120, 5, 3),
        multiclassCase(random, 60, 3, null),
      ];
      const reference = runPython(SKLEARN_SCRIPT, { binary, multiclass }) as SklearnResults;

      binary.forEach((testCase, index) => {
        const expected = reference.binary[index];
        expect(Math.abs(rocAuc(testCase.y, testCase.scores) - expected.auc)).toBeLessThan(TOLERANCE);
        expect(Math.abs(averagePrecision(testCase.y, testCase.scores) - expected.ap)).toBeLessThan(TOLERANCE);
        const curve = rocCurve(testCase.y, testCase.scores);
        expectAllClose(
          curve.map((point) => point.falsePositiveRate),
          expected.fpr,
        );
        expectAllClose(
          curve.map((point) => point.truePositiveRate),
          expected.tpr,
        );
      });
      // The rounded cases really do have ties (else the tie handling went untested).
      expect(new Set(binary[1].scores).size).toBeLessThan(binary[1].scores.length / 4);

      multiclass.forEach((testCase, index) => {
        const expected = reference.multiclass[index];
        const report = classificationReport(testCase.y, testCase.pred, testCase.classCount);
        expect(report.confusion).toEqual(expected.confusion);
        expectAllClose(
          [report.accuracy, report.macroF1, report.microF1, report.macroPrecision, report.macroRecall],
          [
            expected.accuracy,
            expected.macroF1,
            expected.microF1,
            expected.macroPrecision,
            expected.macroRecall,
          ],
        );
        expectAllClose(
          Object.values(report.perClass).map((metrics) => metrics.f1),
          expected.perClassF1,
        );
        expect(Math.abs(macroRocAuc(testCase.y, testCase.probabilities) - expected.macroAuc)).toBeLessThan(
          TOLERANCE,
        );
      });
      // Case 2 never predicts class 3: its precision is 0/0, taken as 0 on both sides.
      expect(reference.multiclass[1].perClassF1[3]).toBe(0);
    },
  );
});

// The metric lines of /work/shared/peers/ease.py, unchanged, around a JSON reader.
const EASE_METRICS_SCRIPT = `
import json, math, sys
data = json.load(sys.stdin)
k = data["k"]
ndcg = rec = hit = 0.0
per_case = []
for case in data["cases"]:
    rel = set(case["relevant"]); top = case["ranked"][:k]
    gains = [1.0 / math.log2(r + 2) for r, it in enumerate(top) if it in rel]
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(len(rel), k)))
    ndcg += sum(gains) / ideal; rec += len(gains) / len(rel); hit += 1.0 if gains else 0.0
    per_case.append([sum(gains) / ideal, len(gains) / len(rel), 1.0 if gains else 0.0])
n = len(data["cases"])
print(json.dumps({"ndcg": ndcg / n, "recall": rec / n, "hit": hit / n, "users": n, "per_case": per_case}))
`;

describe('parity with the EASE reference metrics (ease.py)', () => {
  it.skipIf(!pythonAvailable)('gives the same nDCG, recall and hit rate per user and on average', () => {
    const random = new SeededRandom(99);
    const k = 10;
    const catalogSize = 200;
    const cases = Array.from({ length: 150 }, () => {
      // A ranking of 10–30 distinct items and 1–25 relevant items (some beyond k, some unranked).
      const ranked = new Set<number>();
      const rankedLength = 10 + random.integer(21);
      while (ranked.size < rankedLength) ranked.add(random.integer(catalogSize));
      const relevant = new Set<number>();
      const relevantSize = 1 + random.integer(25);
      while (relevant.size < relevantSize) relevant.add(random.integer(60));
      return { ranked: [...ranked], relevant };
    });
    const reference = runPython(EASE_METRICS_SCRIPT, {
      k,
      cases: cases.map(({ ranked, relevant }) => ({ ranked, relevant: [...relevant] })),
    }) as { ndcg: number; recall: number; hit: number; users: number; per_case: number[][] };

    cases.forEach(({ ranked, relevant }, index) => {
      expectAllClose(
        [ndcgAtK(ranked, relevant, k), recallAtK(ranked, relevant, k), hitRateAtK(ranked, relevant, k)],
        reference.per_case[index],
      );
    });
    const report = rankingReport(cases, k, catalogSize);
    expectAllClose(
      [report[`ndcg@${k}`], report[`recall@${k}`], report[`hit@${k}`], report['users']],
      [reference.ndcg, reference.recall, reference.hit, reference.users],
    );
    // Not a degenerate draw: some users hit, some miss.
    expect(reference.hit).toBeGreaterThan(0.1);
    expect(reference.hit).toBeLessThan(0.9);
  });
});
