import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { type DecodedImage, ImageDecodeError, decodeImage } from './image.decoder';
import { readImageFolder } from './image-folder.reader';
import { resizeBilinear, toGrayscale } from './image.transforms';

const workDirectory = mkdtempSync(join(tmpdir(), 'data-prep-images-'));
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/** RGBA pixels where R = 10·x, G = 10·y, B = 200, alpha given. */
function gradient(width: number, height: number, alpha = 255): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([10 * x, 10 * y, 200, alpha], (y * width + x) * 4);
  return data;
}

function pngOf(width: number, height: number, options: { colorType?: 0 | 2 | 4 | 6; alpha?: number } = {}) {
  const png = new PNG({ width, height });
  png.data = gradient(width, height, options.alpha ?? 255);
  return PNG.sync.write(png, { colorType: options.colorType ?? 2 });
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

/** A well-formed PNG header claiming width × height, with a token IDAT: a decompression bomb's shape. */
function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit gray
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 3×3 8-bit gray Adam7-interlaced PNG, pixel (x, y) = 10·(3y + x) + 1, built by hand. */
function interlacedPng(rows: number[][]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(3, 0);
  ihdr.writeUInt32BE(3, 4);
  ihdr.set([8, 0, 0, 0, 1], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows.flatMap((row) => [0, ...row])))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function decodeError(bytes: Uint8Array, maxPixels?: number): ImageDecodeError {
  try {
    decodeImage(bytes, { maxPixels });
  } catch (error) {
    if (error instanceof ImageDecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('decodeImage', () => {
  it('decodes an RGB PNG exactly', () => {
    const image = decodeImage(pngOf(4, 3));
    expect([image.width, image.height, image.channels]).toEqual([4, 3, 3]);
    // Pixel (x=2, y=1): R = 20, G = 10, B = 200.
    expect(Array.from(image.data.subarray((1 * 4 + 2) * 3, (1 * 4 + 2) * 3 + 3))).toEqual([20, 10, 200]);
  });

  it('gives 1 channel for gray PNGs and 4 for PNGs with alpha', () => {
    const gray = decodeImage(pngOf(4, 3, { colorType: 0 }));
    expect(gray.channels).toBe(1);
    expect(gray.data.length).toBe(12);
    const rgba = decodeImage(pngOf(4, 3, { colorType: 6, alpha: 77 }));
    expect(rgba.channels).toBe(4);
    expect(rgba.data[3]).toBe(77);
  });

  it('decodes an interlaced PNG, and catches one whose pixel data stops short', () => {
    const value = (x: number, y: number) => 10 * (3 * y + x) + 1;
    // Adam7 rows of a 3×3 image: pass 1 (0,0); pass 4 (2,0); pass 5 (0,2) (2,2); pass 6 (1,0), (1,2);
    // pass 7 (0,1) (1,1) (2,1). Passes 2 and 3 are empty at this size.
    const rows = [
      [value(0, 0)],
      [value(2, 0)],
      [value(0, 2), value(2, 2)],
      [value(1, 0)],
      [value(1, 2)],
      [value(0, 1), value(1, 1), value(2, 1)],
    ];
    expect(Array.from(decodeImage(interlacedPng(rows)).data)).toEqual([1, 11, 21, 31, 41, 51, 61, 71, 81]);
    expect(decodeError(interlacedPng(rows.slice(0, 5))).code).toBe('truncated');
  });

  it('decodes a JPEG to within its compression error', () => {
    const width = 16;
    const height = 16;
    const jpeg = encodeJpeg({ width, height, data: gradient(width, height) }, 95).data;
    const image = decodeImage(jpeg);
    expect([image.width, image.height, image.channels]).toEqual([16, 16, 3]);
    // Pixel (x=5, y=9): (50, 90, 200); quality 95 keeps each channel within a few levels.
    const at = (9 * width + 5) * 3;
    expect(Math.abs(image.data[at] - 50)).toBeLessThan(8);
    expect(Math.abs(image.data[at + 1] - 90)).toBeLessThan(8);
    expect(Math.abs(image.data[at + 2] - 200)).toBeLessThan(8);
  });

  it('refuses a 100000×100000 PNG header from the header alone, fast', () => {
    const bomb = bombPng(100_000, 100_000);
    const started = performance.now();
    const error = decodeError(bomb);
    expect(performance.now() - started).toBeLessThan(50);
    expect(error.code).toBe('too_large');
    expect(error.message).toContain('100000×100000');
    // The same file under the limit gets past the header, then its empty pixel data is caught.
    expect(decodeError(bombPng(4, 4)).code).toBe('truncated');
  });

  it('refuses a JPEG whose frame header is over maxPixels', () => {
    const jpeg = encodeJpeg({ width: 64, height: 64, data: gradient(64, 64) }, 50).data;
    expect(decodeError(jpeg, 4095).code).toBe('too_large');
    expect(decodeImage(jpeg, { maxPixels: 4096 }).width).toBe(64);
  });

  it('reports truncated files, non-images and other formats by code', () => {
    const png = pngOf(8, 8);
    const jpeg = encodeJpeg({ width: 8, height: 8, data: gradient(8, 8) }, 90).data;
    for (const length of [4, 20, 40, png.length - 5])
      expect(decodeError(png.subarray(0, length)).code).toBe('truncated');
    for (const length of [3, 30, jpeg.length - 2])
      expect(decodeError(jpeg.subarray(0, length)).code).toBe('truncated');
    expect(decodeError(Buffer.from('id,name\n1,x\n')).code).toBe('not_an_image');
    expect(decodeError(Buffer.alloc(0)).code).toBe('not_an_image');
    expect(decodeError(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')).code).toBe('unsupported');
    const progressiveArithmetic = Buffer.from([
      0xff, 0xd8, 0xff, 0xca, 0x00, 0x0b, 8, 0, 8, 0, 8, 1, 1, 0x11, 0,
    ]);
    expect(decodeError(progressiveArithmetic).message).toBe('arithmetic progressive JPEG is not supported');
  });
});

describe('image transforms', () => {
  const image: DecodedImage = {
    width: 2,
    height: 1,
    channels: 3,
    data: new Uint8Array([255, 0, 0, 0, 0, 255]),
  };

  it('grayscale uses BT.601 luma', () => {
    // Red: 0.299 · 255 = 76.2 → 76; blue: 0.114 · 255 = 29.1 → 29.
    expect(Array.from(toGrayscale(image).data)).toEqual([76, 29]);
  });

  it('bilinear resize with half-pixel centres', () => {
    const row: DecodedImage = { width: 2, height: 1, channels: 1, data: new Uint8Array([0, 100]) };
    // Output x = 0..3 sample source x = (x + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25 → clamp → 0, 25, 75, 100.
    expect(Array.from(resizeBilinear(row, 4, 1).data)).toEqual([0, 25, 75, 100]);
    // Shrinking 4 → 2 samples x = 0.5 and 2.5: the means of each pair.
    const wide: DecodedImage = { width: 4, height: 1, channels: 1, data: new Uint8Array([0, 10, 20, 30]) };
    expect(Array.from(resizeBilinear(wide, 2, 1).data)).toEqual([5, 25]);
  });
});

describe('readImageFolder', () => {
  it('labels classes in sorted order, resizes, and reports bad files without stopping', async () => {
    const root = join(workDirectory, 'folder');
    for (const className of ['pneumonia', 'normal']) mkdirSync(join(root, className), { recursive: true });
    writeFileSync(join(root, 'normal', 'a.png'), pngOf(6, 4));
    writeFileSync(
      join(root, 'normal', 'b.jpg'),
      encodeJpeg({ width: 8, height: 8, data: gradient(8, 8) }, 90).data,
    );
    writeFileSync(join(root, 'normal', 'notes.txt'), 'not an image');
    writeFileSync(join(root, 'pneumonia', 'c.png'), pngOf(3, 3, { colorType: 0 }));
    writeFileSync(join(root, 'pneumonia', 'd.png'), pngOf(8, 8).subarray(0, 50));
    writeFileSync(join(root, 'pneumonia', 'e.png'), bombPng(100_000, 100_000));
    writeFileSync(join(root, 'README.md'), 'ignored');
    const folder = await readImageFolder(root, { size: 5, grayscale: true });
    expect(folder.classes).toEqual(['normal', 'pneumonia']);
    expect(folder.labels).toEqual([0, 0, 1]);
    expect(folder.paths.map((path) => path.slice(root.length + 1))).toEqual([
      'normal/a.png',
      'normal/b.jpg',
      'pneumonia/c.png',
    ]);
    expect(folder.errors.map((error) => [error.path.slice(root.length + 1), error.code])).toEqual([
      ['normal/notes.txt', 'not_an_image'],
      ['pneumonia/d.png', 'truncated'],
      ['pneumonia/e.png', 'too_large'],
    ]);
    expect(folder.shape).toEqual([3, 5, 5, 1]);
    expect(folder.pixels?.length).toBe(75);
    expect(folder.images[2].data).toEqual(folder.pixels?.subarray(50, 75));
    const color = await readImageFolder(root);
    expect(color.images.map((entry) => [entry.width, entry.height, entry.channels])).toEqual([
      [6, 4, 3],
      [8, 8, 3],
      [3, 3, 3],
    ]);
    expect(color.pixels).toBeUndefined();
  });
});
