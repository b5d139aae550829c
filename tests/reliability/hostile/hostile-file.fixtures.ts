import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { type NpyArray, writeNpz } from '@deepworks/data-prep';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

// ---------------------------------------------------------------------------------------------- PNG
// Layout: W3C PNG 2nd ed. §5.2 (signature), §5.3 (chunk = length, type, data, CRC-32 of type+data),
// §11.2.2 (IHDR: width, height, bit depth, colour type, compression, filter, interlace).

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export interface PngHeader {
  width: number;
  height: number;
  bitDepth?: number;
  colorType?: number;
}

function ihdr(header: PngHeader): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(header.width, 0);
  data.writeUInt32BE(header.height, 4);
  data[8] = header.bitDepth ?? 8;
  data[9] = header.colorType ?? 0;
  return pngChunk('IHDR', data);
}

/**
 * A PNG whose IHDR says `header` and whose IDAT holds `rows` rows of an 8-bit gray image that is
 * `header.width` wide (capped at 64 columns, so a bomb stays a few bytes): the decompressed size the
 * header implies is never actually there.
 */
export function craftedPng(header: PngHeader, rows = 1): Buffer {
  const rowBytes = 1 + Math.min(header.width, 64);
  const idat = deflateSync(Buffer.alloc(rowBytes * rows));
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(header),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A real, decodable RGBA PNG (pngjs), a soft gradient. */
export function validPng(width = 32, height = 32): Buffer {
  const png = new PNG({ width, height });
  for (let index = 0; index < width * height; index++) {
    const level = (index * 7) % 256;
    png.data.set([level, level, level, 255], index * 4);
  }
  return PNG.sync.write(png);
}

/** A valid PNG whose IHDR says something else; the CRC is recomputed so only the claim is wrong. */
export function pngWithHeader(png: Buffer, header: PngHeader): Buffer {
  const chunkEnd = 8 + 8 + 13 + 4;
  return Buffer.concat([png.subarray(0, 8), ihdr(header), png.subarray(chunkEnd)]);
}

/** A valid PNG without its IEND chunk (the last 12 bytes). */
export function pngWithoutEnd(png: Buffer): Buffer {
  return png.subarray(0, png.length - 12);
}

/** A valid PNG whose IDAT bytes are overwritten with non-zlib data (CRC fixed, so only zlib fails). */
export function pngWithCorruptData(png: Buffer): Buffer {
  const idatAt = png.indexOf('IDAT', 8, 'latin1') - 4;
  const length = png.readUInt32BE(idatAt);
  const data = Buffer.alloc(length, 0xa5);
  return Buffer.concat([png.subarray(0, idatAt), pngChunk('IDAT', data), png.subarray(idatAt + 12 + length)]);
}

// --------------------------------------------------------------------------------------------- JPEG
// ITU-T T.81 Annex B: SOF0 = FF C0, length(2), precision(1), height(2), width(2), components(1).

export function validJpeg(width = 16, height = 16): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let index = 0; index < width * height; index++) data.set([index % 256, 90, 160, 255], index * 4);
  return encodeJpeg({ width, height, data }, 85).data;
}

/** The JPEG with its frame header rewritten: other dimensions and/or another SOF marker. */
export function jpegWithFrame(
  jpeg: Buffer,
  frame: { width?: number; height?: number; marker?: number },
): Buffer {
  const copy = Buffer.from(jpeg);
  const at = copy.indexOf(Buffer.from([0xff, 0xc0]));
  if (at < 0) throw new Error('no baseline SOF0 marker in the JPEG');
  if (frame.marker !== undefined) copy[at + 1] = frame.marker;
  if (frame.height !== undefined) copy.writeUInt16BE(frame.height, at + 5);
  if (frame.width !== undefined) copy.writeUInt16BE(frame.width, at + 7);
  return copy;
}

/** The JPEG up to (not including) its start-of-scan segment: headers only, no image data. */
export function jpegWithoutScan(jpeg: Buffer): Buffer {
  return jpeg.subarray(0, jpeg.indexOf(Buffer.from([0xff, 0xda])));
}

// -------------------------------------------------------------------------------------------- DICOM
// DICOM PS3.10 §7.1 (128-byte preamble, "DICM", group 0002 meta elements) and PS3.5 §7.1.2 (explicit
// VR little endian: tag, VR, 2-byte length, or 2 reserved bytes + 4-byte length for OB/OW/SQ/UT/UN).

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

interface DicomElement {
  group: number;
  element: number;
  vr: string;
  value: Buffer;
  /** Written instead of the value's real length (a lying header). */
  declaredLength?: number;
}

function dicomElement(item: DicomElement): Buffer {
  const long = LONG_VRS.has(item.vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(item.group, 0);
  head.writeUInt16LE(item.element, 2);
  head.write(item.vr, 4, 'latin1');
  const length = item.declaredLength ?? item.value.length;
  if (long) head.writeUInt32LE(length, 8);
  else head.writeUInt16LE(length, 6);
  return Buffer.concat([head, item.value]);
}

function text(value: string, pad = ' '): Buffer {
  return Buffer.from(value.length % 2 === 0 ? value : value + pad, 'latin1');
}

function uint16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value, 0);
  return buffer;
}

export interface DicomImage {
  rows: number;
  columns: number;
  bitsAllocated?: number;
  photometric?: string;
  transferSyntax?: string;
  /** Pixel bytes actually present; default: exactly what rows × columns × bits need. */
  pixelBytes?: number;
  /** The pixel data element's declared length, when it should lie. */
  declaredPixelLength?: number;
  omitPixelData?: boolean;
}

/** A DICOM Part 10 file of one grayscale image, with every size field under the caller's control. */
export function dicomFile(image: DicomImage): Buffer {
  const bitsAllocated = image.bitsAllocated ?? 16;
  const meta = dicomElement({
    group: 0x0002,
    element: 0x0010,
    vr: 'UI',
    value: text(image.transferSyntax ?? '1.2.840.10008.1.2.1', '\0'),
  });
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(meta.length, 0);
  const body = [
    dicomElement({ group: 0x0008, element: 0x0060, vr: 'CS', value: text('CR') }),
    dicomElement({ group: 0x0028, element: 0x0002, vr: 'US', value: uint16(1) }),
    dicomElement({
      group: 0x0028,
      element: 0x0004,
      vr: 'CS',
      value: text(image.photometric ?? 'MONOCHROME2'),
    }),
    dicomElement({ group: 0x0028, element: 0x0010, vr: 'US', value: uint16(image.rows) }),
    dicomElement({ group: 0x0028, element: 0x0011, vr: 'US', value: uint16(image.columns) }),
    dicomElement({ group: 0x0028, element: 0x0100, vr: 'US', value: uint16(bitsAllocated) }),
    dicomElement({ group: 0x0028, element: 0x0101, vr: 'US', value: uint16(Math.min(bitsAllocated, 16)) }),
    dicomElement({ group: 0x0028, element: 0x0103, vr: 'US', value: uint16(0) }),
  ];
  if (!image.omitPixelData) {
    const bytes = image.pixelBytes ?? (image.rows * image.columns * bitsAllocated) / 8;
    body.push(
      dicomElement({
        group: 0x7fe0,
        element: 0x0010,
        vr: bitsAllocated === 8 ? 'OB' : 'OW',
        value: Buffer.alloc(bytes, 0x40),
        declaredLength: image.declaredPixelLength,
      }),
    );
  }
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    dicomElement({ group: 0x0002, element: 0x0000, vr: 'UL', value: groupLength }),
    meta,
    ...body,
  ]);
}

// ------------------------------------------------------------------------------------------ NPZ/ZIP
// PKWARE APPNOTE 6.3.x §4.3.7 (local header), §4.3.12 (central directory), §4.3.16 (end record).

interface ZipEntrySpec {
  name: string;
  /** The bytes stored in the archive (deflated already when `deflated`). */
  stored: Buffer;
  deflated?: boolean;
  /** The uncompressed size and CRC the headers claim. */
  size: number;
  crc: number;
}

/** A zip archive whose headers say exactly what the caller tells them, true or not. */
export function zipArchive(entries: readonly ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    writeEntryFields(local, 8, method, entry, name.length);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    writeEntryFields(central, 10, method, entry, name.length);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.stored);
    centrals.push(central, name);
    offset += local.length + name.length + entry.stored.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The run both headers share, from the compression method to the name length (local header from
 * offset 8, central directory header from offset 10): method, time, date, CRC-32, stored size, size,
 * name length.
 */
function writeEntryFields(
  header: Buffer,
  at: number,
  method: number,
  entry: ZipEntrySpec,
  nameLength: number,
): void {
  header.writeUInt16LE(method, at);
  header.writeUInt32LE(entry.crc >>> 0, at + 6);
  header.writeUInt32LE(entry.stored.length, at + 10);
  header.writeUInt32LE(entry.size >>> 0, at + 14);
  header.writeUInt16LE(nameLength, at + 18);
}

/** A stored entry with honest headers. */
export function storedEntry(name: string, data: Buffer): ZipEntrySpec {
  return { name, stored: data, size: data.length, crc: crc32(data) };
}

/** `bytes` zero bytes, deflated (about 1/1000 of the size), with honest headers: a zip bomb. */
export function zeroBombEntry(name: string, bytes: number): ZipEntrySpec {
  const zeros = Buffer.alloc(bytes);
  return {
    name,
    stored: deflateRawSync(zeros, { level: 9 }),
    deflated: true,
    size: bytes,
    crc: crc32(zeros),
  };
}

/** A tiny deflated entry whose headers claim `claimedSize` bytes. */
export function lyingSizeEntry(name: string, claimedSize: number): ZipEntrySpec {
  const data = Buffer.from('tiny');
  return { name, stored: deflateRawSync(data), deflated: true, size: claimedSize, crc: crc32(data) };
}

/** NPY v1.0 (NumPy NEP 1) with a header that claims `shape`, followed by `dataBytes` bytes only. */
export function npyClaiming(descr: string, shape: readonly number[], dataBytes: number): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = dict + ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const preamble = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(preamble);
  preamble.writeUInt16LE(header.length, 8);
  return Buffer.concat([preamble, Buffer.from(header, 'latin1'), Buffer.alloc(dataBytes)]);
}

/** A MedMNIST-shaped `.npz` (train/val/test) with one thing changed by `override`. */
export function medmnistNpz(override: Record<string, NpyArray> = {}): Buffer {
  const images = (count: number): NpyArray => ({
    dtype: 'uint8',
    shape: [count, 8, 8],
    data: new Uint8Array(count * 64).fill(100),
  });
  const labels = (count: number): NpyArray => ({
    dtype: 'uint8',
    shape: [count, 1],
    data: new Uint8Array(count).map((_, index) => index % 2),
  });
  return writeNpz({
    train_images: images(4),
    train_labels: labels(4),
    val_images: images(2),
    val_labels: labels(2),
    test_images: images(2),
    test_labels: labels(2),
    ...override,
  });
}
