import { type NpyArray, readNpz } from '@deepworks/data-prep';

export type DatasetSplit = 'train' | 'val' | 'test';
export const DATASET_SPLITS: readonly DatasetSplit[] = ['train', 'val', 'test'];

/** Images of one split, row-major NHWC bytes, with one class index per image. */
export interface ImageSet {
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  pixels: Uint8Array;
  labels: Int32Array;
}

export class DatasetLayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetLayoutError';
  }
}

/**
 * A MedMNIST 2D `.npz` (`train_images`, `train_labels`, `val_*`, `test_*`): images `(N, H, W)` or
 * `(N, H, W, 3)` uint8, labels `(N,)` or `(N, 1)` integers. Only the splits asked for must be present;
 * anything else about the layout is refused with a message naming the array and what was expected.
 */
export async function readMedmnist(
  source: string | Uint8Array,
  splits: readonly DatasetSplit[] = DATASET_SPLITS,
): Promise<Record<DatasetSplit, ImageSet | undefined>> {
  let arrays: Map<string, NpyArray>;
  try {
    arrays = await readNpz(source, { int64As: 'float64' });
  } catch (error) {
    throw new DatasetLayoutError(
      `not a readable .npz file: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result: Record<DatasetSplit, ImageSet | undefined> = {
    train: undefined,
    val: undefined,
    test: undefined,
  };
  for (const split of splits) result[split] = imageSet(arrays, split);
  const shapes = splits.map((split) => result[split]).filter((set): set is ImageSet => set !== undefined);
  const first = shapes[0];
  for (const set of shapes)
    if (
      first &&
      (set.height !== first.height || set.width !== first.width || set.channels !== first.channels)
    )
      throw new DatasetLayoutError('splits disagree on the image shape');
  return result;
}

function imageSet(arrays: Map<string, NpyArray>, split: DatasetSplit): ImageSet {
  const images = arrays.get(`${split}_images`);
  const labels = arrays.get(`${split}_labels`);
  const present = [...arrays.keys()].join(', ') || 'nothing';
  if (!images || !labels)
    throw new DatasetLayoutError(`missing ${split}_images or ${split}_labels (the file holds ${present})`);
  if (images.dtype !== 'uint8')
    throw new DatasetLayoutError(`${split}_images must be uint8, not ${images.dtype}`);
  const [count, height, width, channels = 1] = images.shape;
  const rankOk = images.shape.length === 3 || (images.shape.length === 4 && images.shape[3] === 3);
  if (!rankOk || !count || !height || !width)
    throw new DatasetLayoutError(
      `${split}_images must have shape (N, H, W) or (N, H, W, 3), not (${images.shape.join(', ')})`,
    );
  const labelShapeOk =
    labels.shape[0] === count &&
    (labels.shape.length === 1 || (labels.shape.length === 2 && labels.shape[1] === 1));
  if (!labelShapeOk)
    throw new DatasetLayoutError(
      `${split}_labels must have shape (${count},) or (${count}, 1), not (${labels.shape.join(', ')})` +
        (labels.shape.length === 2 && labels.shape[1] > 1 ? ': multi-label sets are not supported' : ''),
    );
  const classIndices = new Int32Array(count);
  for (let index = 0; index < count; index++) {
    const value = Number(labels.data[index]);
    if (!Number.isInteger(value) || value < 0 || value > 1000)
      throw new DatasetLayoutError(`${split}_labels[${index}] = ${value} is not a class index`);
    classIndices[index] = value;
  }
  return {
    count,
    height,
    width,
    channels: channels as 1 | 3,
    pixels: images.data as Uint8Array,
    labels: classIndices,
  };
}
