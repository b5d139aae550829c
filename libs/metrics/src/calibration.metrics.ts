import {
  assertBinaryLabels,
  assertFiniteNumber,
  assertFiniteNumbers,
  assertNonEmpty,
  assertPositiveInteger,
  assertSameLength,
} from './metric-input.guards';

export interface ReliabilityBin {
  lower: number;
  upper: number;
  /** Samples whose confidence falls in (lower, upper] (the first bin also takes confidence 0). */
  count: number;
  /** Mean confidence of the bin's samples; 0 when the bin is empty. */
  meanConfidence: number;
  /** Fraction of the bin's samples that were correct; 0 when the bin is empty. */
  accuracy: number;
}

export interface ReliabilityDiagramSvgOptions {
  /** Width and height of the square image in pixels (default 320). */
  size?: number;
  title?: string;
}

const DEFAULT_BIN_COUNT = 15;

/** Bin of `confidence` among `binCount` equal-width bins (lower, upper], as Guo et al. 2017, §2. */
function binIndexOf(confidence: number, binCount: number): number {
  let index = Math.min(binCount - 1, Math.max(0, Math.ceil(confidence * binCount) - 1));
  // confidence·binCount rounds (0.8500000000000001·20 = 17, yet it lies above the edge 17/20 = 0.85);
  // the edges themselves decide.
  if (index > 0 && confidence <= index / binCount) index--;
  if (index < binCount - 1 && confidence > (index + 1) / binCount) index++;
  return index;
}

/**
 * Equal-width reliability bins over [0, 1]. `confidences[i]` is the model's probability for its
 * predicted class, `correct01[i]` whether that prediction was right. Empty bins are kept (count 0).
 */
export function reliabilityDiagram(
  confidences: readonly number[],
  correct01: readonly number[],
  bins: number = DEFAULT_BIN_COUNT,
): ReliabilityBin[] {
  assertPositiveInteger('bins', bins);
  assertNonEmpty('confidences', confidences);
  assertSameLength('confidences', confidences, 'correct01', correct01);
  assertFiniteNumbers('confidences', confidences);
  assertBinaryLabels('correct01', correct01);
  confidences.forEach((confidence, index) => {
    if (confidence < 0 || confidence > 1) {
      throw new RangeError(`confidences[${index}] must be in [0, 1], got ${confidence}`);
    }
  });
  const counts = new Float64Array(bins);
  const confidenceSums = new Float64Array(bins);
  const correctSums = new Float64Array(bins);
  for (let sample = 0; sample < confidences.length; sample++) {
    const index = binIndexOf(confidences[sample], bins);
    counts[index] += 1;
    confidenceSums[index] += confidences[sample];
    correctSums[index] += correct01[sample];
  }
  return Array.from({ length: bins }, (_, index) => ({
    lower: index / bins,
    upper: (index + 1) / bins,
    count: counts[index],
    meanConfidence: counts[index] === 0 ? 0 : confidenceSums[index] / counts[index],
    accuracy: counts[index] === 0 ? 0 : correctSums[index] / counts[index],
  }));
}

/**
 * ECE = Σ_b (n_b / N)·|accuracy_b − meanConfidence_b| over equal-width bins (Guo et al. 2017, eq. 3;
 * Naeini et al. 2015). Depends on the bin count: compare models only at the same `bins`.
 */
export function expectedCalibrationError(
  confidences: readonly number[],
  correct01: readonly number[],
  bins: number = DEFAULT_BIN_COUNT,
): number {
  const diagram = reliabilityDiagram(confidences, correct01, bins);
  let weightedGap = 0;
  for (const bin of diagram) weightedGap += bin.count * Math.abs(bin.accuracy - bin.meanConfidence);
  return weightedGap / confidences.length;
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function formatCoordinate(value: number): string {
  return value.toFixed(2);
}

/**
 * A self-contained SVG (no scripts, no external fonts or styles) of the bins from `reliabilityDiagram`:
 * a bar of accuracy per non-empty bin, the gap to its mean confidence in red, and the diagonal of
 * perfect calibration.
 */
export function reliabilityDiagramSvg(
  bins: readonly ReliabilityBin[],
  options: ReliabilityDiagramSvgOptions = {},
): string {
  assertNonEmpty('bins', bins);
  const size = options.size ?? 320;
  assertFiniteNumber('size', size);
  if (size < 100) throw new RangeError(`size must be at least 100 pixels, got ${size}`);
  bins.forEach((bin, index) => {
    for (const key of ['lower', 'upper', 'count', 'meanConfidence', 'accuracy'] as const) {
      assertFiniteNumber(`bins[${index}].${key}`, bin[key]);
    }
  });
  const title = options.title ?? 'Reliability diagram';
  const margin = 40;
  const plot = size - 2 * margin;
  const x = (value: number): string => formatCoordinate(margin + value * plot);
  const y = (value: number): string => formatCoordinate(size - margin - value * plot);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${size}" height="${size}" fill="#ffffff"/>`,
  ];
  for (const bin of bins) {
    if (bin.count === 0) continue;
    const width = formatCoordinate((bin.upper - bin.lower) * plot);
    const accuracyTop = Math.max(0, Math.min(1, bin.accuracy));
    const confidenceTop = Math.max(0, Math.min(1, bin.meanConfidence));
    parts.push(
      `<rect x="${x(bin.lower)}" y="${y(accuracyTop)}" width="${width}" height="${formatCoordinate(accuracyTop * plot)}" fill="#4c78a8" stroke="#ffffff" stroke-width="0.5"><title>${escapeXml(
        `(${bin.lower.toFixed(3)}, ${bin.upper.toFixed(3)}]: n=${bin.count}, accuracy ${bin.accuracy.toFixed(3)}, confidence ${bin.meanConfidence.toFixed(3)}`,
      )}</title></rect>`,
    );
    const gapLow = Math.min(accuracyTop, confidenceTop);
    const gapHigh = Math.max(accuracyTop, confidenceTop);
    if (gapHigh > gapLow) {
      parts.push(
        `<rect x="${x(bin.lower)}" y="${y(gapHigh)}" width="${width}" height="${formatCoordinate((gapHigh - gapLow) * plot)}" fill="#e45756" fill-opacity="0.45"/>`,
      );
    }
  }
  parts.push(
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#555555" stroke-dasharray="4 3"/>`,
    `<rect x="${x(0)}" y="${y(1)}" width="${plot}" height="${plot}" fill="none" stroke="#000000"/>`,
  );
  for (const tick of [0, 0.5, 1]) {
    parts.push(
      `<text x="${x(tick)}" y="${formatCoordinate(size - margin + 14)}" text-anchor="middle">${tick}</text>`,
      `<text x="${formatCoordinate(margin - 6)}" y="${formatCoordinate(size - margin - tick * plot + 4)}" text-anchor="end">${tick}</text>`,
    );
  }
  parts.push(
    `<text x="${formatCoordinate(size / 2)}" y="${formatCoordinate(size - 8)}" text-anchor="middle">Confidence</text>`,
    `<text x="12" y="${formatCoordinate(size / 2)}" text-anchor="middle" transform="rotate(-90 12 ${formatCoordinate(size / 2)})">Accuracy</text>`,
    `<text x="${formatCoordinate(size / 2)}" y="${formatCoordinate(margin / 2 + 4)}" text-anchor="middle">${escapeXml(title)}</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
