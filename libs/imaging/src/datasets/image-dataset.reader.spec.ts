import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readImageDataset } from './image-dataset.reader';
import { DatasetLayoutError } from './medmnist.dataset';

function png(value: number, side = 40): Buffer {
  const image = new PNG({ width: side, height: side });
  image.data.fill(value);
  for (let pixel = 0; pixel < side * side; pixel++) image.data[pixel * 4 + 3] = 255;
  return PNG.sync.write(image);
}

/** `root/<split>/<class>/<n>.png`, `count` images a class, each class a flat grey level. */
function folderDataset(
  classes: Record<string, number>,
  count: number,
  splits = ['train', 'val', 'test'],
): string {
  const root = mkdtempSync(join(tmpdir(), 'deepworks-folders-'));
  for (const split of splits)
    for (const [name, grey] of Object.entries(classes)) {
      mkdirSync(join(root, split, name), { recursive: true });
      for (let index = 0; index < count; index++)
        writeFileSync(join(root, split, name, `${index}.png`), png(grey));
    }
  return root;
}

describe('readImageDataset from class folders', () => {
  it('reads each split, resizes to the side, labels by sorted class folder', async () => {
    const root = folderDataset({ pneumonia: 200, normal: 50 }, 3);
    const { splits, classNames } = await readImageDataset(root, ['train', 'test'], 28);
    expect(classNames).toEqual(['normal', 'pneumonia']);
    const train = splits.train!;
    expect([train.count, train.height, train.width, train.channels]).toEqual([6, 28, 28, 1]);
    // normal (label 0) images are grey 50, pneumonia (label 1) grey 200, resized without change.
    expect(Array.from(train.labels).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    const firstPneumonia = Array.from(train.labels).indexOf(1);
    expect(train.pixels[firstPneumonia * 784]).toBe(200);
    expect(splits.val).toBeUndefined();
  });

  it('refuses a missing split, mismatched classes and unreadable files, naming them', async () => {
    const missing = folderDataset({ a: 10, b: 20 }, 1, ['train']);
    await expect(readImageDataset(missing, ['train', 'val'])).rejects.toThrow(/val is missing/);
    const mismatched = folderDataset({ a: 10, b: 20 }, 1);
    mkdirSync(join(mismatched, 'test', 'c'));
    writeFileSync(join(mismatched, 'test', 'c', '0.png'), png(5));
    await expect(readImageDataset(mismatched, ['train', 'test'])).rejects.toThrow(DatasetLayoutError);
    const broken = folderDataset({ a: 10, b: 20 }, 1);
    writeFileSync(join(broken, 'train', 'a', 'bad.png'), Buffer.from('not a png'));
    await expect(readImageDataset(broken, ['train'])).rejects.toThrow(/unreadable image\(s\) in train/);
  });
});
