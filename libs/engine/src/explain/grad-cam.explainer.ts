import * as tf from '@tensorflow/tfjs';
import { classLogitSum, findLayer, normalisedByMax, peakOf, withLayerCall } from './layer-output.hook';

export interface GradCamOptions {
  /** A layer with a `[1, h, w, channels]` output, usually the last convolution (finest maps that are still semantic). */
  layerName: string;
  /** The class explained; the predicted one (largest logit) when absent. */
  classIndex?: number;
}

export interface Heatmap {
  /** Row-major `height × width` (the input's size), 0..1, 1 at the most important pixel. */
  heatmap: Float32Array;
  width: number;
  height: number;
  /** Where the heatmap peaks, in input pixels. */
  peak: { x: number; y: number };
  classIndex: number;
}

/**
 * Grad-CAM (Selvaraju et al. 2017, eq. 1–2): the gradients of the class logit with respect to the
 * layer's activations A, averaged over space, weigh A's channels; ReLU keeps what speaks for the
 * class; bilinear upsampling takes it to the input's size. `input` is one NHWC image.
 */
export function gradCam(model: tf.LayersModel, input: tf.Tensor4D, options: GradCamOptions): Heatmap {
  const [batch, height, width] = input.shape;
  if (batch !== 1) throw new Error(`gradCam: explains one image at a time, got a batch of ${batch}`);
  const layer = findLayer(model, options.layerName, 'gradCam');
  let activations: tf.Tensor | undefined;
  let classIndex = options.classIndex ?? 0;
  try {
    const upsampled = tf.tidy(() => {
      const logits = withLayerCall(
        layer,
        (original, inputs, kwargs) => {
          const output = original(inputs, kwargs);
          if (Array.isArray(output)) throw new Error(`gradCam: layer "${layer.name}" has several outputs`);
          // The model's own tidy would dispose the intermediate activations; keep a copy.
          activations = tf.keep(output.clone());
          return output;
        },
        () => model.apply(input, { training: false }) as tf.Tensor,
      );
      const kept = activations;
      if (!kept || kept.rank !== 4)
        throw new Error(
          `gradCam: layer "${layer.name}" must output [1, h, w, channels], got rank ${kept?.rank}`,
        );
      classIndex = options.classIndex ?? tf.argMax(logits, -1).dataSync()[0];
      const logitOfClass = (replacement: tf.Tensor) =>
        withLayerCall(
          layer,
          // A copy: tfjs' inference executor disposes intermediate tensors once used.
          () => replacement.clone(),
          () => classLogitSum(model.apply(input, { training: false }) as tf.Tensor, classIndex, 'gradCam'),
        );
      const gradients = tf.grad(logitOfClass)(kept);
      // α_k = mean over (i, j) of ∂y^c / ∂A^k_ij; L = ReLU(Σ_k α_k A^k).
      const channelWeights = tf.mean(gradients, [1, 2], true);
      const map = tf.relu(tf.sum(tf.mul(kept, channelWeights), -1, true)) as tf.Tensor4D;
      return tf.image.resizeBilinear(map, [height, width], false, true).reshape([height * width]);
    });
    const heatmap = normalisedByMax(upsampled.dataSync() as Float32Array);
    upsampled.dispose();
    return { heatmap, width, height, peak: peakOf(heatmap, width), classIndex };
  } finally {
    activations?.dispose();
  }
}

/**
 * Vanilla gradient saliency (Simonyan et al. 2014, §3.1): |∂ logit / ∂ pixel|, the largest over
 * channels, scaled to 0..1. Noisier than Grad-CAM but at full resolution and needs no layer.
 */
export function gradientSaliency(model: tf.LayersModel, input: tf.Tensor4D, classIndex?: number): Heatmap {
  const [batch, height, width] = input.shape;
  if (batch !== 1) throw new Error(`gradientSaliency: explains one image at a time, got a batch of ${batch}`);
  let chosen = classIndex ?? 0;
  const saliency = tf.tidy(() => {
    chosen = classIndex ?? tf.argMax(model.apply(input, { training: false }) as tf.Tensor, -1).dataSync()[0];
    const gradients = tf.grad((image: tf.Tensor) =>
      classLogitSum(model.apply(image, { training: false }) as tf.Tensor, chosen, 'gradientSaliency'),
    )(input);
    return tf.max(tf.abs(gradients), -1).reshape([height * width]);
  });
  const heatmap = normalisedByMax(saliency.dataSync() as Float32Array);
  saliency.dispose();
  return { heatmap, width, height, peak: peakOf(heatmap, width), classIndex: chosen };
}
