import { type DecodedImage, decodeImage, resizeBilinear, toGrayscale, toRgb } from '@deepworks/data-prep';
import { tf } from '@deepworks/engine';
import type { ImageSet } from '../datasets/medmnist.dataset';
import { decodeDicom } from '../dicom/dicom.decoder';

/**
 * How an image becomes model input, versioned with the model: 8-bit grayscale (or RGB for 3-channel
 * models), bilinear resize to the model's input size, values divided by 255. Training (datasets) and
 * serving (uploads) both go through this file.
 */
export const TRIAGE_PREPROCESSING = 'gray-or-rgb8/bilinear/255@1' as const;

export type StudyImageFormat = 'png' | 'jpeg' | 'dicom';

export interface StudyImage extends DecodedImage {
  format: StudyImageFormat;
}

/** Sniffs PNG, JPEG or DICOM from the bytes (never from a file name or a client's content type). */
export function decodeStudyImage(bytes: Uint8Array, maxPixels: number): StudyImage {
  if (bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM') {
    const dicom = decodeDicom(bytes, { maxPixels });
    return { format: 'dicom', width: dicom.width, height: dicom.height, channels: 1, data: dicom.pixels };
  }
  const image = decodeImage(bytes, { maxPixels });
  return { ...image, format: bytes[0] === 0x89 ? 'png' : 'jpeg' };
}

/** One decoded image as the model's input: `[1, h, w, c]`, 0..1. */
export function modelInput(image: DecodedImage, inputShape: readonly [number, number, number]): tf.Tensor4D {
  const [height, width, channels] = inputShape;
  const converted = channels === 1 ? toGrayscale(image) : toRgb(image);
  const resized = resizeBilinear(converted, width, height);
  return tf.tidy(() => tf.tensor4d(resized.data, [1, height, width, channels], 'int32').toFloat().div(255));
}

/** A dataset split as one `[n, h, w, c]` tensor, 0..1. */
export function imageTensor(set: ImageSet): tf.Tensor4D {
  return tf.tidy(() =>
    tf.tensor4d(set.pixels, [set.count, set.height, set.width, set.channels], 'int32').toFloat().div(255),
  );
}
