import { decode as decodeJpegPixels } from 'jpeg-js';
import { constants, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

export type ImageChannels = 1 | 3 | 4;

/** Pixels, row-major, channels interleaved (gray; RGB; RGBA), 8 bits each. */
export interface DecodedImage {
  width: number;
  height: number;
  channels: ImageChannels;
  data: Uint8Array;
}

export type ImageDecodeErrorCode = 'not_an_image' | 'unsupported' | 'truncated' | 'too_large' | 'corrupt';

export class ImageDecodeError extends Error {
  constructor(
    readonly code: ImageDecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

export interface DecodeImageOptions {
  /** Images with more pixels than this are refused before any decoding. Default 25 000 000. */
  maxPixels?: number;
}

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  channels: ImageChannels;
}

const DEFAULT_MAX_PIXELS = 25_000_000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const JPEG_EOI = Buffer.from([0xff, 0xd9]);

/**
 * A PNG or JPEG decoded to 8-bit pixels: gray PNGs and JPEGs give 1 channel, colour 3, PNGs with an
 * alpha channel or a tRNS chunk 4; 16-bit PNGs are scaled to 8 bits. The header is read first, and an
 * image over `maxPixels`, a truncated file or anything that is not a PNG/JPEG is refused with an
 * {@link ImageDecodeError} before the decoder allocates anything.
 */
export function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): DecodedImage {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = readImageHeader(buffer, options);
  return header.format === 'png' ? decodePng(buffer, header) : decodeJpeg(buffer, header, options);
}

/**
 * Format, size and channels from the PNG IHDR or JPEG SOF header, after checking the file's structure
 * is complete (every PNG chunk up to IEND; JPEG segments up to the scan, and an EOI marker after it).
 */
export function readImageHeader(bytes: Uint8Array, options: DecodeImageOptions = {}): ImageHeader {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (startsWith(buffer, PNG_SIGNATURE)) return pngHeader(buffer, maxPixels);
  if (startsWith(buffer, JPEG_SOI)) return jpegHeader(buffer, maxPixels);
  if (buffer.length > 0 && buffer.length < PNG_SIGNATURE.length && startsWith(PNG_SIGNATURE, buffer))
    throw new ImageDecodeError('truncated', 'PNG file ends inside its signature');
  const other = otherFormat(buffer);
  if (other)
    throw new ImageDecodeError('unsupported', `${other} images are not supported (PNG and JPEG are)`);
  throw new ImageDecodeError('not_an_image', 'not a PNG or JPEG file');
}

function startsWith(buffer: Buffer, prefix: Buffer): boolean {
  return buffer.length >= prefix.length && buffer.subarray(0, prefix.length).equals(prefix);
}

function otherFormat(buffer: Buffer): string | undefined {
  const ascii = buffer.toString('latin1', 0, Math.min(12, buffer.length));
  if (ascii.startsWith('GIF8')) return 'GIF';
  if (ascii.startsWith('BM')) return 'BMP';
  if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'WebP';
  if (ascii.startsWith('II*\0') || ascii.startsWith('MM\0*')) return 'TIFF';
  if (ascii.slice(4, 12) === 'ftypavif' || ascii.slice(4, 12) === 'ftypheic') return 'AVIF/HEIC';
  return undefined;
}

function checkSize(format: string, width: number, height: number, maxPixels: number): void {
  if (width === 0 || height === 0)
    throw new ImageDecodeError('corrupt', `${format} header gives a 0 dimension`);
  if (width * height > maxPixels)
    throw new ImageDecodeError(
      'too_large',
      `${format} is ${width}×${height} = ${width * height} pixels, over the limit of ${maxPixels}`,
    );
}

// PNG (ISO/IEC 15948, W3C PNG 2nd ed.): signature, then chunks of length(4) type(4) data crc(4); IHDR
// first (§11.2.2), IEND last.
function pngHeader(buffer: Buffer, maxPixels: number): ImageHeader {
  if (buffer.length < 33) throw new ImageDecodeError('truncated', 'PNG file ends inside its IHDR chunk');
  if (buffer.toString('latin1', 12, 16) !== 'IHDR' || buffer.readUInt32BE(8) !== 13)
    throw new ImageDecodeError('corrupt', 'PNG does not start with an IHDR chunk');
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const colorType = buffer[25];
  checkSize('PNG', width, height, maxPixels);
  let offset = 8;
  let transparency = false;
  for (;;) {
    if (offset + 12 > buffer.length)
      throw new ImageDecodeError('truncated', 'PNG ends before its IEND chunk');
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    if (offset + 12 + length > buffer.length)
      throw new ImageDecodeError('truncated', `PNG ends inside its ${type} chunk`);
    if (type === 'tRNS') transparency = true;
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  // Colour types (§11.2.2): 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA.
  if (![0, 2, 3, 4, 6].includes(colorType))
    throw new ImageDecodeError('corrupt', `PNG colour type ${colorType} is not valid`);
  const alpha = colorType === 4 || colorType === 6 || transparency;
  const channels: ImageChannels = alpha ? 4 : colorType === 0 ? 1 : 3;
  return { format: 'png', width, height, channels };
}

function decodePng(buffer: Buffer, header: ImageHeader): DecodedImage {
  checkPngPixelData(buffer, header);
  let rgba: Buffer;
  try {
    rgba = PNG.sync.read(buffer).data;
  } catch (error) {
    throw new ImageDecodeError('corrupt', `PNG does not decode: ${(error as Error).message}`);
  }
  return fromRgba(rgba, header);
}

// Samples per pixel by colour type (§11.2.2) and the Adam7 passes (§8.2: x0, y0, dx, dy).
const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * pngjs fills missing rows with zeros instead of failing, so a PNG cut inside its compressed data would
 * decode to a half-black image: inflate the IDAT stream (never past the size the header implies) and
 * check it holds every row's filter byte and pixels.
 */
function checkPngPixelData(buffer: Buffer, header: ImageHeader): void {
  const depth = buffer[24];
  const samples = PNG_SAMPLES[buffer[25]];
  const interlaced = buffer[28] === 1;
  const rowBytes = (width: number) => Math.ceil((width * samples * depth) / 8);
  let expected = 0;
  if (interlaced) {
    for (const [x0, y0, dx, dy] of ADAM7) {
      const passWidth = header.width > x0 ? Math.ceil((header.width - x0) / dx) : 0;
      const passHeight = header.height > y0 ? Math.ceil((header.height - y0) / dy) : 0;
      if (passWidth > 0 && passHeight > 0) expected += passHeight * (1 + rowBytes(passWidth));
    }
  } else {
    expected = header.height * (1 + rowBytes(header.width));
  }
  const parts: Buffer[] = [];
  for (let offset = 8; offset + 12 <= buffer.length; ) {
    const length = buffer.readUInt32BE(offset);
    if (buffer.toString('latin1', offset + 4, offset + 8) === 'IDAT')
      parts.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  let inflated: Buffer;
  try {
    // SYNC_FLUSH: a cut stream gives what it has instead of an error, so it can be told apart.
    inflated = inflateSync(Buffer.concat(parts), {
      maxOutputLength: expected,
      finishFlush: constants.Z_SYNC_FLUSH,
    });
  } catch (error) {
    // More data than the rows need is tolerated (as libpng does); anything else is damage.
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return;
    throw new ImageDecodeError('corrupt', `PNG pixel data does not inflate: ${(error as Error).message}`);
  }
  if (inflated.length < expected)
    throw new ImageDecodeError(
      'truncated',
      `PNG pixel data ends after ${inflated.length} of ${expected} bytes`,
    );
}

// JPEG (ITU-T T.81 Annex B): SOI, then marker segments FFxx + 16-bit length; the frame header SOFn
// (B.2.2) gives precision, height, width, components. Only SOF0/1/2 (baseline, extended, progressive
// Huffman) are decodable here; the rest are lossless, hierarchical or arithmetic-coded.
const SOF_NAMES: Record<number, string> = {
  0xc0: 'baseline',
  0xc1: 'extended sequential',
  0xc2: 'progressive',
  0xc3: 'lossless',
  0xc5: 'differential sequential',
  0xc6: 'differential progressive',
  0xc7: 'differential lossless',
  0xc9: 'arithmetic sequential',
  0xca: 'arithmetic progressive',
  0xcb: 'arithmetic lossless',
  0xcd: 'arithmetic differential sequential',
  0xce: 'arithmetic differential progressive',
  0xcf: 'arithmetic differential lossless',
};
const DECODABLE_SOF = new Set([0xc0, 0xc1, 0xc2]);

function jpegHeader(buffer: Buffer, maxPixels: number): ImageHeader {
  let offset = 2;
  let frame: { width: number; height: number; components: number } | undefined;
  for (;;) {
    if (offset >= buffer.length) throw new ImageDecodeError('truncated', 'JPEG ends before its image data');
    if (buffer[offset] !== 0xff)
      throw new ImageDecodeError('corrupt', `JPEG: expected a marker at byte ${offset}`);
    while (offset < buffer.length && buffer[offset] === 0xff) offset++;
    if (offset >= buffer.length) throw new ImageDecodeError('truncated', 'JPEG ends inside a marker');
    const marker = buffer[offset++];
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length field
    if (marker === 0xd9) throw new ImageDecodeError('corrupt', 'JPEG ends (EOI) before any image data');
    if (offset + 2 > buffer.length) throw new ImageDecodeError('truncated', 'JPEG ends inside a segment');
    const length = buffer.readUInt16BE(offset);
    if (length < 2)
      throw new ImageDecodeError('corrupt', `JPEG segment at byte ${offset} has length ${length}`);
    if (offset + length > buffer.length)
      throw new ImageDecodeError('truncated', 'JPEG ends inside a segment');
    if (marker in SOF_NAMES) {
      if (length < 8) throw new ImageDecodeError('corrupt', 'JPEG frame header is too short');
      if (!DECODABLE_SOF.has(marker))
        throw new ImageDecodeError('unsupported', `${SOF_NAMES[marker]} JPEG is not supported`);
      const height = buffer.readUInt16BE(offset + 3);
      const width = buffer.readUInt16BE(offset + 5);
      checkSize('JPEG', width, height, maxPixels);
      frame = { width, height, components: buffer[offset + 7] };
    }
    if (marker === 0xda) {
      if (!frame) throw new ImageDecodeError('corrupt', 'JPEG scan starts before a frame header');
      // The entropy-coded data has no length: the file is complete only if an EOI follows it.
      if (buffer.indexOf(JPEG_EOI, offset + length) < 0)
        throw new ImageDecodeError('truncated', 'JPEG has no end-of-image marker after its data');
      return {
        format: 'jpeg',
        width: frame.width,
        height: frame.height,
        channels: frame.components === 1 ? 1 : 3,
      };
    }
    offset += length;
  }
}

function decodeJpeg(buffer: Buffer, header: ImageHeader, options: DecodeImageOptions): DecodedImage {
  let rgb: Uint8Array;
  try {
    rgb = decodeJpegPixels(buffer, {
      useTArray: true,
      formatAsRGBA: false,
      // Already checked against the header; the decoder's own limit is the backstop.
      maxResolutionInMP: (options.maxPixels ?? DEFAULT_MAX_PIXELS) / 1e6 + 1,
    }).data;
  } catch (error) {
    throw new ImageDecodeError('corrupt', `JPEG does not decode: ${(error as Error).message}`);
  }
  const pixels = header.width * header.height;
  if (header.channels === 3) return { width: header.width, height: header.height, channels: 3, data: rgb };
  // jpeg-js always writes RGB; a one-component JPEG has R = G = B.
  const gray = new Uint8Array(pixels);
  for (let pixel = 0; pixel < pixels; pixel++) gray[pixel] = rgb[pixel * 3];
  return { width: header.width, height: header.height, channels: 1, data: gray };
}

function fromRgba(rgba: Uint8Array, header: ImageHeader): DecodedImage {
  const { width, height, channels } = header;
  const pixels = width * height;
  if (channels === 4)
    return { width, height, channels, data: new Uint8Array(rgba.buffer, rgba.byteOffset, pixels * 4) };
  const data = new Uint8Array(pixels * channels);
  for (let pixel = 0; pixel < pixels; pixel++)
    for (let channel = 0; channel < channels; channel++)
      data[pixel * channels + channel] = rgba[pixel * 4 + channel];
  return { width, height, channels, data };
}
