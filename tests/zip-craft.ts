/**
 * Zip archives built byte by byte for the zip layer's tests: entries whose directory lies about
 * their size or CRC, names that climb out, entries stored rather than deflated (so one byte of
 * a sheet can be changed in place), and a deflate stream that inflates to gigabytes from a few
 * megabytes. The real writer (outputs/zip-writer.ts) writes only honest archives.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { ZIP_SIGNATURE } from '../sources/tabular/zip-archive.ts';

export interface CraftedEntry {
  name: string;
  /** The bytes as they are in the archive (already deflated when method is 8). */
  data: Buffer;
  method: 0 | 8;
  /** What the directory declares: the true values unless a test makes it lie. */
  size: number;
  crc: number;
}

/** An entry stored as is (method 0), with its true size and CRC. */
export function stored(name: string, data: Buffer | string): CraftedEntry {
  const raw = Buffer.from(data);
  return { name, data: raw, method: 0, size: raw.length, crc: crc32(raw) };
}

/** An entry deflated (method 8), with its true size and CRC. */
export function deflated(name: string, data: Buffer | string): CraftedEntry {
  const raw = Buffer.from(data);
  return { name, data: deflateRawSync(raw), method: 8, size: raw.length, crc: crc32(raw) };
}

/**
 * A raw deflate stream that inflates to `mib` MiB of spaces: one 1 MiB block compressed once
 * (about 1 KB) and repeated. Each copy ends on a byte boundary (a sync flush) and refers only
 * to itself, so the copies concatenate into one valid stream, closed by an empty final block.
 */
export function spacesStream(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024, 0x20), {
    finishFlush: constants.Z_SYNC_FLUSH,
  });
  return Buffer.concat([...Array(mib).fill(block), deflateRawSync(Buffer.alloc(0))]);
}

/** The archive's bytes: local headers and data in order, then the directory as declared. */
export function craftZip(entries: readonly CraftedEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(ZIP_SIGNATURE.localHeader, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(ZIP_SIGNATURE.centralHeader, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(e.method, 10);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(dir, name);
    offset += 30 + name.length + e.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_SIGNATURE.endOfDirectory, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
