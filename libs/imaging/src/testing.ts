/** Test fixtures: DICOM files built in memory, so tests need no patient data. */

export interface DicomFixture {
  width: number;
  height: number;
  /** Stored values, row-major; 16 bits allocated unless `bitsAllocated` is 8. */
  values: ArrayLike<number>;
  bitsAllocated?: 8 | 16;
  bitsStored?: number;
  signed?: boolean;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  window?: { center: number; width: number };
  photometricInterpretation?: string;
  transferSyntax?: string;
  /** Leave out the pixel data element (a header-only file). */
  omitPixelData?: boolean;
}

/** An explicit-VR little-endian DICOM Part 10 file (PS3.10 §7.1). */
export function encodeDicom(fixture: DicomFixture): Buffer {
  const bitsAllocated = fixture.bitsAllocated ?? 16;
  const transferSyntax = fixture.transferSyntax ?? '1.2.840.10008.1.2.1';
  const meta = [element(0x0002, 0x0010, 'UI', ascii(transferSyntax, true))];
  const metaLength = meta.reduce((total, part) => total + part.length, 0);
  const body = [
    element(0x0008, 0x0060, 'CS', ascii('CR')),
    element(0x0028, 0x0002, 'US', uint16(1)),
    element(0x0028, 0x0004, 'CS', ascii(fixture.photometricInterpretation ?? 'MONOCHROME2')),
    element(0x0028, 0x0010, 'US', uint16(fixture.height)),
    element(0x0028, 0x0011, 'US', uint16(fixture.width)),
    element(0x0028, 0x0100, 'US', uint16(bitsAllocated)),
    element(0x0028, 0x0101, 'US', uint16(fixture.bitsStored ?? bitsAllocated)),
    element(0x0028, 0x0103, 'US', uint16(fixture.signed ? 1 : 0)),
  ];
  if (fixture.window) {
    body.push(element(0x0028, 0x1050, 'DS', ascii(String(fixture.window.center))));
    body.push(element(0x0028, 0x1051, 'DS', ascii(String(fixture.window.width))));
  }
  if (fixture.rescaleIntercept !== undefined)
    body.push(element(0x0028, 0x1052, 'DS', ascii(String(fixture.rescaleIntercept))));
  if (fixture.rescaleSlope !== undefined)
    body.push(element(0x0028, 0x1053, 'DS', ascii(String(fixture.rescaleSlope))));
  if (!fixture.omitPixelData) {
    const pixels = Buffer.alloc(fixture.values.length * (bitsAllocated / 8));
    for (let index = 0; index < fixture.values.length; index++) {
      const value = fixture.values[index];
      if (bitsAllocated === 8) pixels[index] = value & 0xff;
      else pixels.writeUInt16LE(value & 0xffff, 2 * index);
    }
    body.push(element(0x7fe0, 0x0010, bitsAllocated === 8 ? 'OB' : 'OW', pixels));
  }
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM', 'latin1'),
    element(0x0002, 0x0000, 'UL', uint32(metaLength)),
    ...meta,
    ...body,
  ]);
}

const LONG_VRS = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

function element(group: number, tag: number, vr: string, value: Buffer): Buffer {
  const head = Buffer.alloc(LONG_VRS.has(vr) ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(tag, 2);
  head.write(vr, 4, 'latin1');
  if (LONG_VRS.has(vr)) head.writeUInt32LE(value.length, 8);
  else head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

/** Values have even length: strings pad with a space, UIDs with a NUL (PS3.5 §6.2). */
function ascii(text: string, uid = false): Buffer {
  const padded = text.length % 2 === 0 ? text : text + (uid ? '\0' : ' ');
  return Buffer.from(padded, 'latin1');
}

function uint16(value: number): Buffer {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
}
