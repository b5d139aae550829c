import {
  gradCam,
  heatmapOverlayPng,
  loadModel,
  saveModel,
  type SaveModelOptions,
  tf,
} from '@deepworks/engine';
import { resizeBilinear, toGrayscale, type DecodedImage } from '@deepworks/data-prep';
import type { ImageSet } from '../datasets/medmnist.dataset';
import { imageTensor, modelInput, TRIAGE_PREPROCESSING } from './image-input';
import type { TriageModelMetadata } from './triage-classifier.trainer';
import { evaluateScores, scoreLogits, type TriageEvaluation } from './triage.scoring';

export interface TriageScore {
  probabilities: Record<string, number>;
  predictedClass: string;
  /** Calibrated probability of the predicted class. */
  confidence: number;
  abnormality: number;
  /** Flagged for early reading: abnormality at or above the operating threshold. */
  flagged: boolean;
}

export interface TriageExplanation {
  /** Grad-CAM heat map over the model input, 0..1, row-major. */
  heatmap: Float32Array;
  width: number;
  height: number;
  peak: { x: number; y: number };
  /** The (resized, grayscale) image with the heat map blended on top. */
  overlayPng: Buffer;
}

/** A trained triage model loaded for serving: score, explain, evaluate. `dispose()` frees the weights. */
export class TriageClassifier {
  constructor(
    readonly model: tf.LayersModel,
    readonly metadata: TriageModelMetadata,
  ) {}

  score(image: DecodedImage): TriageScore {
    const logits = tf.tidy(() => {
      const input = modelInput(image, this.metadata.inputShape);
      return (this.model.predict(input) as tf.Tensor2D).arraySync();
    });
    return this.toScore(logits[0]);
  }

  explain(image: DecodedImage): TriageExplanation {
    const [height, width] = this.metadata.inputShape;
    const input = modelInput(image, this.metadata.inputShape);
    try {
      const map = gradCam(this.model, input, { layerName: this.metadata.explainLayer });
      const shown = resizeBilinear(toGrayscale(image), width, height);
      return {
        heatmap: map.heatmap,
        width,
        height,
        peak: map.peak,
        overlayPng: heatmapOverlayPng(shown.data, width, height, map.heatmap),
      };
    } finally {
      input.dispose();
    }
  }

  evaluate(set: ImageSet): TriageEvaluation {
    const logits = tf.tidy(() => {
      const x = imageTensor(set);
      return (this.model.predict(x, { batchSize: 256 }) as tf.Tensor2D).arraySync();
    });
    const { normalClass, temperature, threshold, targetSensitivity } = this.metadata;
    return evaluateScores(scoreLogits(logits, temperature, normalClass), set.labels, {
      normalClass,
      threshold,
      targetSensitivity,
    });
  }

  dispose(): void {
    this.model.dispose();
  }

  private toScore(logits: number[]): TriageScore {
    const { classNames, normalClass, temperature, threshold } = this.metadata;
    const scores = scoreLogits([logits], temperature, normalClass);
    const probabilities = scores.probabilities[0];
    const best = probabilities.indexOf(Math.max(...probabilities));
    const abnormality = scores.abnormality[0];
    return {
      probabilities: Object.fromEntries(classNames.map((name, index) => [name, probabilities[index]])),
      predictedClass: classNames[best],
      confidence: probabilities[best],
      abnormality,
      flagged: abnormality >= threshold,
    };
  }
}

/** `options.quantize` stores the weights as float16 or uint8 (loading dequantises them). */
export async function saveTriageClassifier(
  directory: string,
  model: tf.LayersModel,
  metadata: TriageModelMetadata,
  options: SaveModelOptions = {},
): Promise<void> {
  await saveModel(model, directory, { ...metadata }, options);
}

export async function loadTriageClassifier(directory: string): Promise<TriageClassifier> {
  const { model, manifest } = await loadModel(directory);
  const metadata = manifest.metadata as unknown as TriageModelMetadata;
  if (metadata.kind !== 'deepworks.triage-classifier') {
    model.dispose();
    throw new Error(`${directory} holds no triage classifier (kind ${String(metadata.kind)})`);
  }
  if (metadata.preprocessing !== TRIAGE_PREPROCESSING) {
    model.dispose();
    throw new Error(
      `${directory} was trained with preprocessing ${metadata.preprocessing}; this build has ${TRIAGE_PREPROCESSING}`,
    );
  }
  return new TriageClassifier(model, metadata);
}
