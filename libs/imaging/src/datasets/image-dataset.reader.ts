import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readImageFolder } from '@deepworks/data-prep';
import { DatasetLayoutError, type DatasetSplit, type ImageSet, readMedmnist } from './medmnist.dataset';

export interface ImageDataset {
  splits: Record<DatasetSplit, ImageSet | undefined>;
  /** Class names when the dataset carries them (folder names); a `.npz` has only indices. */
  classNames?: string[];
}

/**
 * A dataset from a MedMNIST `.npz` file, or from a folder holding one sub-folder per split (`train/`,
 * `val/`, `test/`), each with one sub-folder per class of PNG/JPEG images (read grayscale, resized to
 * `side` × `side`). Every split must have the same classes; unreadable files are a layout error naming
 * them, not a silent gap.
 */
export async function readImageDataset(
  path: string,
  splits: readonly DatasetSplit[],
  side = 28,
): Promise<ImageDataset> {
  if (!(await stat(path)).isDirectory()) return { splits: await readMedmnist(path, splits) };
  const result: Record<DatasetSplit, ImageSet | undefined> = {
    train: undefined,
    val: undefined,
    test: undefined,
  };
  let classNames: string[] | undefined;
  for (const split of splits) {
    const folder = await readImageFolder(join(path, split), { size: side, grayscale: true }).catch(() => {
      throw new DatasetLayoutError(
        `${join(path, split)} is missing: expected one folder per split, class folders inside`,
      );
    });
    if (folder.errors.length > 0)
      throw new DatasetLayoutError(
        `${folder.errors.length} unreadable image(s) in ${split}/, e.g. ${folder.errors[0].path}: ${folder.errors[0].reason}`,
      );
    if (folder.images.length === 0 || !folder.pixels)
      throw new DatasetLayoutError(`${join(path, split)} holds no images`);
    if (classNames && folder.classes.join('/') !== classNames.join('/'))
      throw new DatasetLayoutError(
        `${split}/ has classes ${folder.classes.join(', ')}, not ${classNames.join(', ')}`,
      );
    classNames = folder.classes;
    result[split] = {
      count: folder.images.length,
      height: side,
      width: side,
      channels: 1,
      pixels: folder.pixels,
      labels: Int32Array.from(folder.labels),
    };
  }
  return { splits: result, classNames };
}
