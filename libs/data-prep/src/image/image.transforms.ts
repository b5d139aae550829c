import type { DecodedImage } from './image.decoder';

/**
 * One channel of luma, Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601, as PIL's `convert('L')`),
 * rounded. Alpha is dropped, not composited onto a background.
 */
export function toGrayscale(image: DecodedImage): DecodedImage {
  if (image.channels === 1) return image;
  const { width, height, channels, data } = image;
  const pixels = width * height;
  const gray = new Uint8Array(pixels);
  for (let pixel = 0; pixel < pixels; pixel++) {
    const base = pixel * channels;
    gray[pixel] = Math.round(0.299 * data[base] + 0.587 * data[base + 1] + 0.114 * data[base + 2]);
  }
  return { width, height, channels: 1, data: gray };
}

/** Three channels: gray is repeated, alpha dropped (not composited). */
export function toRgb(image: DecodedImage): DecodedImage {
  if (image.channels === 3) return image;
  const { width, height, channels, data } = image;
  const pixels = width * height;
  const rgb = new Uint8Array(pixels * 3);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let channel = 0; channel < 3; channel++)
      rgb[pixel * 3 + channel] = channels === 1 ? data[pixel] : data[pixel * channels + channel];
  }
  return { width, height, channels: 3, data: rgb };
}

/**
 * Bilinear resampling with pixel centres at +0.5 (`align_corners=False`, `half_pixel_centers=True` in
 * TensorFlow terms; OpenCV's INTER_LINEAR), so the image is not shifted. No low-pass filter first:
 * shrinking by much more than 2× aliases, as it does in those libraries.
 */
export function resizeBilinear(image: DecodedImage, width: number, height: number): DecodedImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`resizeBilinear: width and height must be positive integers; got ${width}×${height}`);
  if (width === image.width && height === image.height) return image;
  const { channels, data } = image;
  const sourceWidth = image.width;
  const sourceHeight = image.height;
  const out = new Uint8Array(width * height * channels);
  const scaleX = sourceWidth / width;
  const scaleY = sourceHeight / height;
  // Per output column: left source column and its weight, computed once for all rows.
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const weightX = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const sourceX = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), sourceWidth - 1);
    left[x] = Math.floor(sourceX);
    right[x] = Math.min(left[x] + 1, sourceWidth - 1);
    weightX[x] = sourceX - left[x];
  }
  for (let y = 0; y < height; y++) {
    const sourceY = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), sourceHeight - 1);
    const top = Math.floor(sourceY);
    const bottom = Math.min(top + 1, sourceHeight - 1);
    const weightY = sourceY - top;
    const topRow = top * sourceWidth;
    const bottomRow = bottom * sourceWidth;
    for (let x = 0; x < width; x++) {
      const wx = weightX[x];
      for (let channel = 0; channel < channels; channel++) {
        const topLeft = data[(topRow + left[x]) * channels + channel];
        const topRight = data[(topRow + right[x]) * channels + channel];
        const bottomLeft = data[(bottomRow + left[x]) * channels + channel];
        const bottomRight = data[(bottomRow + right[x]) * channels + channel];
        const upper = topLeft + (topRight - topLeft) * wx;
        const lower = bottomLeft + (bottomRight - bottomLeft) * wx;
        out[(y * width + x) * channels + channel] = Math.round(upper + (lower - upper) * weightY);
      }
    }
  }
  return { width, height, channels, data: out };
}
