import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@deepworks/demo-data';

export type AugmentationFillMode = 'nearest' | 'constant' | 'reflect' | 'wrap';

/** Strengths are maxima: each image draws its own value uniformly within them. All default to "off". */
export interface AugmentationOptions {
  /** Multiplies every pixel first (e.g. 1 / 255). Default 1. */
  rescale?: number;
  /** Rotation up to ± this many degrees (0–180). */
  rotation?: number;
  /** Horizontal shear up to ± this many degrees (0–80): x moves by tan(angle) · y. */
  shear?: number;
  /** Zoom factor in [1 − zoom, 1 + zoom] (0 ≤ zoom < 1), the same on both axes; above 1 magnifies. */
  zoom?: number;
  /** Shift up to ± this fraction of the width and of the height (0–1). */
  shift?: number;
  /** Mirror left–right with probability 1/2. */
  horizontalFlip?: boolean;
  /** Multiplies each image by a factor in [1 − brightness, 1 + brightness] (0–1), after the geometry. */
  brightness?: number;
  /** How pixels from outside the image are filled. Default `nearest` (Keras' ImageDataGenerator default). */
  fillMode?: AugmentationFillMode;
  /** The value for `fillMode: 'constant'`. Default 0. */
  fillValue?: number;
}

/** One image's draw; the geometric part becomes one affine map. */
export interface AugmentationDraw {
  /** Radians. */
  rotation: number;
  /** Radians. */
  shear: number;
  zoom: number;
  /** Pixels. */
  shiftX: number;
  shiftY: number;
  flip: boolean;
  brightness: number;
}

const OPTION_NAMES = [
  'rescale',
  'rotation',
  'shear',
  'zoom',
  'shift',
  'horizontalFlip',
  'brightness',
  'fillMode',
  'fillValue',
] as const;
const FILL_MODES: readonly AugmentationFillMode[] = ['nearest', 'constant', 'reflect', 'wrap'];

/**
 * Random augmentation of a batch `[batch, height, width, channels]`, on the device: rescale, then one
 * affine map per image (rotation · shear · zoom · flip about the centre, plus shift) resampled
 * bilinearly by `tf.image.transform` (a native kernel on the cpu, wasm and webgl backends), then
 * brightness. `seed` fixes every draw: same seed, same batch → same output. Returns float32; the
 * caller disposes the result, nothing else is left behind.
 */
export function augmentImages(batch: tf.Tensor4D, options: AugmentationOptions, seed: number): tf.Tensor4D {
  const settings = validate(options);
  const [count, height, width] = batch.shape;
  const draws = drawAugmentations(count, height, width, settings, seed);
  const geometric = settings.rotation > 0 || settings.shear > 0 || settings.zoom > 0 || settings.shift > 0;
  const anyFlip = draws.some((draw) => draw.flip);
  return tf.tidy(() => {
    let images: tf.Tensor4D = batch.dtype === 'float32' ? batch.clone() : tf.cast(batch, 'float32');
    if (settings.rescale !== 1) images = tf.mul(images, settings.rescale);
    if (geometric || anyFlip) {
      const rows = new Float32Array(count * 8);
      draws.forEach((draw, index) => rows.set(affineRow(draw, height, width), index * 8));
      images = tf.image.transform(
        images,
        tf.tensor2d(rows, [count, 8]),
        'bilinear',
        settings.fillMode,
        settings.fillValue,
      );
    }
    if (settings.brightness > 0) {
      const factors = tf.tensor4d(
        draws.map((draw) => draw.brightness),
        [count, 1, 1, 1],
      );
      images = tf.mul(images, factors);
    }
    return images;
  });
}

/**
 * The projective row `[a0, a1, a2, b0, b1, b2, 0, 0]` that `tf.image.transform` reads as: output pixel
 * (x, y) samples input (a0·x + a1·y + a2, b0·x + b1·y + b2). With c the centre, input = c + M·(output − c)
 * + shift, M = rotation · shear · zoom⁻¹ · flip (the inverse map, as Keras' apply_affine_transform builds
 * it). Identity and pure flips come out as exact integers, so they resample without error.
 */
export function affineRow(draw: AugmentationDraw, height: number, width: number): number[] {
  const centerX = (width - 1) / 2;
  const centerY = (height - 1) / 2;
  const cos = Math.cos(draw.rotation);
  const sin = Math.sin(draw.rotation);
  const tanShear = Math.tan(draw.shear);
  const inverseZoom = 1 / draw.zoom;
  const flip = draw.flip ? -1 : 1;
  // rotation [[cos, −sin], [sin, cos]] · shear [[1, tan], [0, 1]] · (1/zoom) · diag(flip, 1)
  const m00 = cos * inverseZoom * flip;
  const m01 = (cos * tanShear - sin) * inverseZoom;
  const m10 = sin * inverseZoom * flip;
  const m11 = (sin * tanShear + cos) * inverseZoom;
  return [
    m00,
    m01,
    centerX - m00 * centerX - m01 * centerY + draw.shiftX,
    m10,
    m11,
    centerY - m10 * centerX - m11 * centerY + draw.shiftY,
    0,
    0,
  ];
}

type Settings = Required<AugmentationOptions>;

/**
 * Seven draws per image, always all of them and in a fixed order, so that turning one augmentation on
 * or off leaves the others' draws for the same seed unchanged.
 */
function drawAugmentations(
  count: number,
  height: number,
  width: number,
  settings: Settings,
  seed: number,
): AugmentationDraw[] {
  const random = new SeededRandom(seed);
  const symmetric = (limit: number) => (2 * random.next() - 1) * limit;
  const degrees = Math.PI / 180;
  const draws: AugmentationDraw[] = [];
  for (let index = 0; index < count; index++) {
    const rotation = symmetric(settings.rotation) * degrees;
    const shear = symmetric(settings.shear) * degrees;
    const zoom = 1 + symmetric(settings.zoom);
    const shiftX = symmetric(settings.shift) * width;
    const shiftY = symmetric(settings.shift) * height;
    const flip = random.next() < 0.5 && settings.horizontalFlip;
    const brightness = 1 + symmetric(settings.brightness);
    draws.push({ rotation, shear, zoom, shiftX, shiftY, flip, brightness });
  }
  return draws;
}

function validate(options: AugmentationOptions): Settings {
  const unknown = Object.keys(options).filter((key) => !(OPTION_NAMES as readonly string[]).includes(key));
  if (unknown.length > 0)
    throw new Error(
      `augmentImages: unknown option ${unknown.join(', ')} (allowed: ${OPTION_NAMES.join(', ')})`,
    );
  const inRange = (
    name: keyof AugmentationOptions,
    value: number,
    low: number,
    high: number,
    open = false,
  ) => {
    if (!Number.isFinite(value) || value < low || (open ? value >= high : value > high))
      throw new Error(`augmentImages: ${name} must be in [${low}, ${high}${open ? ')' : ']'}; got ${value}`);
    return value;
  };
  const fillMode = options.fillMode ?? 'nearest';
  if (!FILL_MODES.includes(fillMode))
    throw new Error(
      `augmentImages: fillMode must be one of ${FILL_MODES.join(', ')}; got "${String(fillMode)}"`,
    );
  const rescale = options.rescale ?? 1;
  if (!Number.isFinite(rescale))
    throw new Error(`augmentImages: rescale must be a finite number; got ${rescale}`);
  return {
    rescale,
    rotation: inRange('rotation', options.rotation ?? 0, 0, 180),
    shear: inRange('shear', options.shear ?? 0, 0, 80),
    zoom: inRange('zoom', options.zoom ?? 0, 0, 1, true),
    shift: inRange('shift', options.shift ?? 0, 0, 1),
    horizontalFlip: options.horizontalFlip ?? false,
    brightness: inRange('brightness', options.brightness ?? 0, 0, 1),
    fillMode,
    fillValue: options.fillValue ?? 0,
  };
}
