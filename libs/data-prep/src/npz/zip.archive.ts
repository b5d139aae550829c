import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

// Record layouts and signatures: PKWARE APPNOTE.TXT 6.3.x, §4.3.7 (local header), §4.3.12 (central
// directory header), §4.3.16 (end of central directory), §4.3.14/15 (ZIP64 end record and locator),
// §4.5.3 (ZIP64 extra field).
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const STORED = 0;
const DEFLATED = 8;
const MAX_COMMENT = 0xffff;

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Every file in a zip archive, found through its central directory, stored or deflated, CRC-checked. */
export function readZip(archive: Buffer): ZipEntry[] {
  return centralDirectory(archive).map((entry) => ({ name: entry.name, data: entryData(archive, entry) }));
}

function centralDirectory(archive: Buffer): CentralEntry[] {
  const endOffset = findEndOfCentralDirectory(archive);
  let entryCount = archive.readUInt16LE(endOffset + 10);
  let directoryOffset = archive.readUInt32LE(endOffset + 16);
  const locatorOffset = endOffset - 20;
  if (locatorOffset >= 0 && archive.readUInt32LE(locatorOffset) === ZIP64_LOCATOR) {
    const zip64EndOffset = safeNumber(archive.readBigUInt64LE(locatorOffset + 8), 'ZIP64 end offset');
    if (zip64EndOffset + 56 > archive.length || archive.readUInt32LE(zip64EndOffset) !== ZIP64_END)
      throw new ZipFormatError('zip: ZIP64 end of central directory record not found');
    entryCount = safeNumber(archive.readBigUInt64LE(zip64EndOffset + 32), 'entry count');
    directoryOffset = safeNumber(archive.readBigUInt64LE(zip64EndOffset + 48), 'central directory offset');
  }
  const entries: CentralEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < entryCount; index++) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_HEADER)
      throw new ZipFormatError(`zip: central directory entry ${index} is missing or damaged`);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const entry: CentralEntry = {
      flags: archive.readUInt16LE(offset + 8),
      method: archive.readUInt16LE(offset + 10),
      crc: archive.readUInt32LE(offset + 16),
      compressedSize: archive.readUInt32LE(offset + 20),
      size: archive.readUInt32LE(offset + 24),
      localOffset: archive.readUInt32LE(offset + 42),
      name: archive.toString('utf8', offset + 46, offset + 46 + nameLength),
    };
    applyZip64Extra(
      entry,
      archive.subarray(offset + 46 + nameLength, offset + 46 + nameLength + extraLength),
    );
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(archive: Buffer): number {
  const lowest = Math.max(0, archive.length - 22 - MAX_COMMENT);
  for (let offset = archive.length - 22; offset >= lowest; offset--) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  throw new ZipFormatError('zip: end of central directory not found (not a zip file, or truncated)');
}

/** Sizes and offsets that overflow 32 bits are 0xFFFFFFFF in the header and 64-bit in the extra field. */
function applyZip64Extra(entry: CentralEntry, extra: Buffer): void {
  let offset = 0;
  while (offset + 4 <= extra.length) {
    const id = extra.readUInt16LE(offset);
    const size = extra.readUInt16LE(offset + 2);
    if (id === ZIP64_EXTRA) {
      let field = offset + 4;
      const next = (what: string) => {
        const value = safeNumber(extra.readBigUInt64LE(field), what);
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next('size');
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next('compressed size');
      if (entry.localOffset === 0xffffffff) entry.localOffset = next('local header offset');
      return;
    }
    offset += 4 + size;
  }
}

function entryData(archive: Buffer, entry: CentralEntry): Buffer {
  if (entry.flags & 0x1) throw new ZipFormatError(`zip: entry ${entry.name} is encrypted`);
  const offset = entry.localOffset;
  if (offset + 30 > archive.length || archive.readUInt32LE(offset) !== LOCAL_HEADER)
    throw new ZipFormatError(`zip: local header of ${entry.name} is missing`);
  // The local header's own name and extra lengths, which may differ from the central directory's.
  const dataStart = offset + 30 + archive.readUInt16LE(offset + 26) + archive.readUInt16LE(offset + 28);
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > archive.length) throw new ZipFormatError(`zip: entry ${entry.name} is truncated`);
  const raw = archive.subarray(dataStart, dataEnd);
  let data: Buffer;
  if (entry.method === STORED) {
    data = raw;
  } else if (entry.method === DEFLATED) {
    try {
      // Never inflate past the declared size: a crafted entry cannot blow up memory.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw new ZipFormatError(`zip: entry ${entry.name} does not inflate: ${(error as Error).message}`);
    }
  } else {
    throw new ZipFormatError(
      `zip: entry ${entry.name} uses compression method ${entry.method} (only stored and deflate are supported)`,
    );
  }
  if (data.length !== entry.size)
    throw new ZipFormatError(
      `zip: entry ${entry.name} is ${data.length} bytes, the directory says ${entry.size}`,
    );
  if (crc32(data) >>> 0 !== entry.crc >>> 0)
    throw new ZipFormatError(`zip: CRC mismatch in entry ${entry.name}`);
  return data;
}

function safeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`zip: ${what} ${value} is too large`);
  return Number(value);
}

/**
 * A zip archive of `entries` (no ZIP64: each entry and the whole archive under 4 GiB). Timestamps are
 * fixed at 1980-01-01 so the same input gives the same bytes.
 */
export function writeZip(entries: readonly ZipEntry[], options: { compress?: boolean } = {}): Buffer {
  const compress = options.compress ?? true;
  if (entries.length >= 0xffff) throw new ZipFormatError('zip: 65535 entries or more would need ZIP64');
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(entry.data) >>> 0;
    const body = compress ? deflateRawSync(entry.data) : entry.data;
    const method = compress ? DEFLATED : STORED;
    if (entry.data.length >= 0xffffffff || offset + body.length >= 0xffffffff)
      throw new ZipFormatError(`zip: entry ${entry.name} would need ZIP64 (over 4 GiB), not written here`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(20, 4); // made by: 2.0
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(0, 12);
    header.writeUInt16LE(dosDate, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(entry.data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, body);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
