import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DecodedImage, ImageDecodeError, type ImageDecodeErrorCode, decodeImage } from './image.decoder';
import { resizeBilinear, toGrayscale, toRgb } from './image.transforms';

export interface ImageFolderOptions {
  /** Resize every image to this (a number: square). Without it images keep their own sizes. */
  size?: number | { width: number; height: number };
  /** 1 channel (BT.601 luma) instead of 3 (RGB, alpha dropped). Default false. */
  grayscale?: boolean;
  /** Passed to {@link decodeImage}. Default 25 000 000. */
  maxPixels?: number;
}

export interface ImageFileError {
  path: string;
  code: ImageDecodeErrorCode | 'unreadable';
  reason: string;
}

export interface ImageFolder {
  /** Sub-folder names sorted by code point; a class's label is its index here. */
  classes: string[];
  images: DecodedImage[];
  labels: number[];
  paths: string[];
  /** Files that could not be read or decoded; they are left out, the rest is read. */
  errors: ImageFileError[];
  /**
   * With `size`: all images packed `[count, height, width, channels]`, row-major, ready for a tensor;
   * each `images[i].data` is a view into it.
   */
  pixels?: Uint8Array;
  shape?: [number, number, number, number];
}

/**
 * A classification dataset laid out as `root/<class>/<image files>`. Every non-hidden file in a class
 * folder is tried; those that are not readable PNG/JPEG images are reported in `errors`. Files directly
 * in `root` are ignored. Order is deterministic: classes, then files, by code point.
 */
export async function readImageFolder(root: string, options: ImageFolderOptions = {}): Promise<ImageFolder> {
  const size =
    typeof options.size === 'number' ? { width: options.size, height: options.size } : options.size;
  const channels = options.grayscale ? 1 : 3;
  const classes = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort(byCodePoint);
  const images: DecodedImage[] = [];
  const labels: number[] = [];
  const paths: string[] = [];
  const errors: ImageFileError[] = [];
  for (const [label, className] of classes.entries()) {
    const folder = join(root, className);
    const files = (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort(byCodePoint);
    for (const file of files) {
      const path = join(folder, file);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        errors.push({ path, code: 'unreadable', reason: (error as Error).message });
        continue;
      }
      let image: DecodedImage;
      try {
        image = decodeImage(bytes, { maxPixels: options.maxPixels });
      } catch (error) {
        if (!(error instanceof ImageDecodeError)) throw error;
        errors.push({ path, code: error.code, reason: error.message });
        continue;
      }
      image = channels === 1 ? toGrayscale(image) : toRgb(image);
      if (size) image = resizeBilinear(image, size.width, size.height);
      images.push(image);
      labels.push(label);
      paths.push(path);
    }
  }
  if (!size) return { classes, images, labels, paths, errors };
  const imageLength = size.width * size.height * channels;
  const pixels = new Uint8Array(images.length * imageLength);
  const packed = images.map((image, index) => {
    pixels.set(image.data, index * imageLength);
    return { ...image, data: pixels.subarray(index * imageLength, (index + 1) * imageLength) };
  });
  return {
    classes,
    images: packed,
    labels,
    paths,
    errors,
    pixels,
    shape: [images.length, size.height, size.width, channels],
  };
}

function byCodePoint(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}
