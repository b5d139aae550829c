import type { ModelManifest } from '../model-io/model-artifacts';

export interface CompressionSide {
  /** A saved model's manifest (its files' bytes are summed), or a size in bytes. */
  manifest?: ModelManifest;
  bytes?: number;
  /** The metric of interest measured on this model (accuracy, AUC, loss, …). */
  metric?: number;
}

export interface CompressionReport {
  bytesBefore: number;
  bytesAfter: number;
  /** bytesBefore / bytesAfter: 2 for float16 weights, ~4 for uint8. */
  ratio: number;
  bytesSaved: number;
  metricBefore: number | null;
  metricAfter: number | null;
  /** metricAfter − metricBefore (negative = the compressed model scores lower); null without both. */
  metricDelta: number | null;
}

/** Size and metric of a model before and after compression (quantisation, pruning), side by side. */
export function compressionReport(sides: {
  before: CompressionSide;
  after: CompressionSide;
}): CompressionReport {
  const bytesBefore = sizeOf(sides.before, 'before');
  const bytesAfter = sizeOf(sides.after, 'after');
  const metricBefore = sides.before.metric ?? null;
  const metricAfter = sides.after.metric ?? null;
  return {
    bytesBefore,
    bytesAfter,
    ratio: bytesAfter === 0 ? Infinity : bytesBefore / bytesAfter,
    bytesSaved: bytesBefore - bytesAfter,
    metricBefore,
    metricAfter,
    metricDelta: metricBefore === null || metricAfter === null ? null : metricAfter - metricBefore,
  };
}

function sizeOf(side: CompressionSide, which: string): number {
  if (side.manifest && side.bytes !== undefined)
    throw new Error(`compressionReport: give ${which} a manifest or bytes, not both`);
  if (side.manifest) return side.manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  if (side.bytes === undefined || !(side.bytes >= 0))
    throw new Error(`compressionReport: ${which} needs a manifest or a non-negative byte count`);
  return side.bytes;
}
