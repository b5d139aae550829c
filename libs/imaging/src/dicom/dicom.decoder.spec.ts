import { describe, expect, it } from 'vitest';
import { encodeDicom } from '../testing';
import { DicomDecodeError, decodeDicom } from './dicom.decoder';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DicomDecodeError) return error.code;
    throw error;
  }
  return 'decoded';
}

describe('decodeDicom', () => {
  it('applies rescale slope/intercept and the dataset window', () => {
    // Stored 0, 100, 200, 300 → HU = 2·v − 100 = −100, 100, 300, 500.
    // Window centre 200, width 401: lower edge 200 − 0.5 − 200 = −0.5, upper 399.5.
    // −100 → 0; 100 → ((100 − 199.5)/400 + .5)·255 = 64.07 → 64; 300 → 191.57 → 192; 500 → 255.
    const file = encodeDicom({
      width: 2,
      height: 2,
      values: [0, 100, 200, 300],
      rescaleSlope: 2,
      rescaleIntercept: -100,
      window: { center: 200, width: 401 },
    });
    const image = decodeDicom(file);
    expect([image.width, image.height]).toEqual([2, 2]);
    expect(Array.from(image.pixels)).toEqual([0, 64, 192, 255]);
    expect(image.window.source).toBe('dataset');
  });

  it('inverts MONOCHROME1 and windows on the pixel range when the file has no window', () => {
    // Range 0..1000: centre 500, width 1000; 0 → 0, 1000 → 255; MONOCHROME1 turns them around.
    const file = encodeDicom({
      width: 2,
      height: 1,
      values: [0, 1000],
      photometricInterpretation: 'MONOCHROME1',
    });
    const image = decodeDicom(file);
    expect(Array.from(image.pixels)).toEqual([255, 0]);
    expect(image.window).toMatchObject({ center: 500, width: 1000, source: 'pixel-range' });
  });

  it('reads signed 12-bit values stored in 16 bits', () => {
    // 0xFFF in 12 bits, signed, is −1; 0x7FF is 2047. The range −1..2047 maps −1 → 0 and 2047 → 255.
    const file = encodeDicom({ width: 2, height: 1, values: [0xfff, 0x7ff], bitsStored: 12, signed: true });
    expect(Array.from(decodeDicom(file).pixels)).toEqual([0, 255]);
  });

  it.each([
    ['a PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'not_dicom'],
    [
      'header-only DICOM',
      encodeDicom({ width: 4, height: 4, values: [], omitPixelData: true }),
      'no_pixel_data',
    ],
    [
      'truncated pixel data',
      encodeDicom({ width: 4, height: 4, values: new Array<number>(16).fill(7) }).subarray(0, -10),
      'truncated',
    ],
    [
      'a 50-megapixel bomb',
      encodeDicom({ width: 60000, height: 60000, values: [], omitPixelData: true }),
      'too_large',
    ],
    [
      'JPEG-compressed pixel data',
      encodeDicom({ width: 2, height: 1, values: [1, 2], transferSyntax: '1.2.840.10008.1.2.4.50' }),
      'unsupported',
    ],
    [
      'colour photometry',
      encodeDicom({ width: 2, height: 1, values: [1, 2], photometricInterpretation: 'RGB' }),
      'unsupported',
    ],
  ])('refuses %s with a named error', (_name, file, code) => {
    expect(codeOf(() => decodeDicom(file))).toBe(code);
  });
});
