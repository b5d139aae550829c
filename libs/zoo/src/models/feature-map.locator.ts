import { type tf } from '@deepworks/engine';

const POOLING_LAYERS = ['MaxPooling2D', 'AveragePooling2D'];

/**
 * The name of an image model's last convolutional feature map before `features`: the layer whose
 * activations Grad-CAM weighs (Selvaraju et al. 2017, §3): the last layer ahead of `features` with a
 * [batch, height, width, channels] output that is not a pooling layer (`block2_conv1` in `cnn28`, the
 * last `stage{s}_block{b}_out` of `resnet`, the last `block{i}_pw_relu` of `mobilenet`).
 */
export function lastConvLayerName(model: tf.LayersModel): string {
  const featuresIndex = model.layers.findIndex((layer) => layer.name === 'features');
  if (featuresIndex < 0) throw new Error(`lastConvLayerName: model "${model.name}" has no layer "features"`);
  for (let index = featuresIndex - 1; index >= 0; index--) {
    const layer = model.layers[index];
    const shape = layer.outputShape;
    const rank4 = Array.isArray(shape) && !Array.isArray(shape[0]) && shape.length === 4;
    if (rank4 && !POOLING_LAYERS.includes(layer.getClassName())) return layer.name;
  }
  throw new Error(
    `lastConvLayerName: model "${model.name}" has no convolutional feature map before "features"`,
  );
}
