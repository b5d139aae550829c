import * as dicomParser from 'dicom-parser';

export type DicomErrorCode = 'not_dicom' | 'no_pixel_data' | 'unsupported' | 'too_large' | 'truncated';

export class DicomDecodeError extends Error {
  constructor(
    readonly code: DicomErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DicomDecodeError';
  }
}

export interface DecodedDicom {
  width: number;
  height: number;
  /** 8-bit grayscale, row-major, after rescale and windowing; 0 is black whatever the photometry. */
  pixels: Uint8Array;
  photometricInterpretation: 'MONOCHROME1' | 'MONOCHROME2';
  window: { center: number; width: number; source: 'dataset' | 'pixel-range' };
}

// Uncompressed transfer syntaxes only: implicit/explicit VR little endian, explicit big endian.
const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);

const TAG = {
  transferSyntax: 'x00020010',
  samplesPerPixel: 'x00280002',
  photometric: 'x00280004',
  frames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050',
  windowWidth: 'x00281051',
  rescaleIntercept: 'x00281052',
  rescaleSlope: 'x00281053',
  pixelData: 'x7fe00010',
} as const;

/**
 * Reads an uncompressed grayscale DICOM Part 10 file into 8-bit pixels the way a viewer shows it:
 * modality LUT (rescale slope/intercept), then the VOI window (the file's first window, else the
 * pixel range), inverted for MONOCHROME1. The image size is checked before any pixel is touched.
 */
export function decodeDicom(buffer: Uint8Array, options: { maxPixels?: number } = {}): DecodedDicom {
  const maxPixels = options.maxPixels ?? 25_000_000;
  if (buffer.length < 132 || String.fromCharCode(...buffer.subarray(128, 132)) !== 'DICM')
    throw new DicomDecodeError('not_dicom', 'not a DICOM Part 10 file (no DICM marker at byte 128)');
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(buffer);
  } catch (error) {
    throw new DicomDecodeError('truncated', `unreadable DICOM: ${describe(error)}`);
  }
  const transferSyntax = dataSet.string(TAG.transferSyntax) ?? '1.2.840.10008.1.2';
  if (!UNCOMPRESSED.has(transferSyntax))
    throw new DicomDecodeError(
      'unsupported',
      `compressed transfer syntax ${transferSyntax} is not supported`,
    );
  const photometric = (dataSet.string(TAG.photometric) ?? 'MONOCHROME2').trim();
  if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')
    throw new DicomDecodeError('unsupported', `photometric interpretation ${photometric} is not grayscale`);
  if ((dataSet.uint16(TAG.samplesPerPixel) ?? 1) !== 1)
    throw new DicomDecodeError('unsupported', 'more than one sample per pixel');
  const height = dataSet.uint16(TAG.rows) ?? 0;
  const width = dataSet.uint16(TAG.columns) ?? 0;
  if (width === 0 || height === 0)
    throw new DicomDecodeError('no_pixel_data', 'DICOM has no image dimensions');
  if (width * height > maxPixels)
    throw new DicomDecodeError('too_large', `image of ${width}×${height} exceeds ${maxPixels} pixels`);
  const element = dataSet.elements[TAG.pixelData];
  if (!element) throw new DicomDecodeError('no_pixel_data', 'DICOM has no pixel data element (7FE0,0010)');
  const bitsAllocated = dataSet.uint16(TAG.bitsAllocated) ?? 16;
  if (bitsAllocated !== 8 && bitsAllocated !== 16)
    throw new DicomDecodeError('unsupported', `${bitsAllocated} bits allocated per pixel`);
  const count = width * height;
  const bytesNeeded = (count * bitsAllocated) / 8;
  if (element.length < bytesNeeded || element.dataOffset + bytesNeeded > buffer.length)
    throw new DicomDecodeError(
      'truncated',
      `pixel data holds ${element.length} bytes, ${bytesNeeded} needed`,
    );

  const stored = readStoredValues(dataSet, element.dataOffset, count, {
    bitsAllocated,
    bitsStored: dataSet.uint16(TAG.bitsStored) ?? bitsAllocated,
    signed: dataSet.uint16(TAG.pixelRepresentation) === 1,
    bigEndian: transferSyntax === '1.2.840.10008.1.2.2',
  });
  const slope = dataSet.floatString(TAG.rescaleSlope) ?? 1;
  const intercept = dataSet.floatString(TAG.rescaleIntercept) ?? 0;
  const values = new Float64Array(count);
  let low = Infinity;
  let high = -Infinity;
  for (let index = 0; index < count; index++) {
    const value = stored[index] * slope + intercept;
    values[index] = value;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const window = chooseWindow(dataSet, low, high);
  const pixels = applyWindow(values, window, photometric === 'MONOCHROME1');
  return { width, height, pixels, photometricInterpretation: photometric, window };
}

function readStoredValues(
  dataSet: dicomParser.DataSet,
  offset: number,
  count: number,
  format: { bitsAllocated: number; bitsStored: number; signed: boolean; bigEndian: boolean },
): Int32Array {
  const bytes = dataSet.byteArray;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Int32Array(count);
  const mask = format.bitsStored >= 32 ? 0xffffffff : (1 << format.bitsStored) - 1;
  const signBit = 1 << (format.bitsStored - 1);
  for (let index = 0; index < count; index++) {
    const raw =
      format.bitsAllocated === 8
        ? bytes[offset + index]
        : view.getUint16(offset + 2 * index, !format.bigEndian);
    const value = raw & mask;
    // Two's complement within bitsStored (PS3.5 §8.1.1).
    values[index] = format.signed && value & signBit ? value - (mask + 1) : value;
  }
  return values;
}

function chooseWindow(dataSet: dicomParser.DataSet, low: number, high: number): DecodedDicom['window'] {
  const center = dataSet.floatString(TAG.windowCenter);
  const width = dataSet.floatString(TAG.windowWidth);
  // A width under 2 makes the linear VOI function a step; fall back to the pixel range instead.
  if (center !== undefined && width !== undefined && width >= 2) return { center, width, source: 'dataset' };
  return { center: (low + high) / 2, width: Math.max(2, high - low), source: 'pixel-range' };
}

// VOI LUT function LINEAR, PS3.3 C.11.2.1.2.1.
function applyWindow(values: Float64Array, window: DecodedDicom['window'], invert: boolean): Uint8Array {
  const pixels = new Uint8Array(values.length);
  const { center, width } = window;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    let level: number;
    if (value <= center - 0.5 - (width - 1) / 2) level = 0;
    else if (value > center - 0.5 + (width - 1) / 2) level = 255;
    else level = ((value - (center - 0.5)) / (width - 1) + 0.5) * 255;
    const rounded = Math.round(level);
    pixels[index] = invert ? 255 - rounded : rounded;
  }
  return pixels;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
