/**
 * A minimal, deterministic zip writer for results.xlsx, deflating with Node's native zlib.
 *
 * Why not jszip: it deflates in JavaScript (pako), which took over a second of a 33-area run's
 * publish for the occupations sheet; zlib does the same work natively in a tenth of that. The
 * format written is the plain one every reader accepts: local headers with sizes and CRC known
 * up front (no data descriptors), one central directory, no Zip64 (results.xlsx stays far below
 * 4 GiB; larger input is refused loudly rather than written corrupt).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: string | Uint8Array;
}

/** 1980-01-01 00:00 in MS-DOS date/time: the earliest a zip can hold, so bytes never vary. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY = (3 << 8) | 20; // UNIX, spec 2.0
const UTF8_NAMES = 1 << 11;
const DEFLATE = 8;
const MAX_32 = 0xffffffff;

/**
 * The fields a local header (from byte 4) and a central directory record (from byte 6) share,
 * in the same order: version needed, flags, method, time, date, CRC, sizes, name length.
 */
function writeEntryFields(
  b: Buffer,
  at: number,
  f: { crc: number; packed: number; raw: number; name: number },
): void {
  b.writeUInt16LE(VERSION_NEEDED, at);
  b.writeUInt16LE(UTF8_NAMES, at + 2);
  b.writeUInt16LE(DEFLATE, at + 4);
  b.writeUInt16LE(DOS_TIME, at + 6);
  b.writeUInt16LE(DOS_DATE, at + 8);
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(f.packed, at + 14);
  b.writeUInt32LE(f.raw, at + 18);
  b.writeUInt16LE(f.name, at + 22);
}

/** The zip file's bytes: entries in the given order, each deflated at the given level. */
export function zipBuffer(entries: readonly ZipEntry[], level = 6): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const packed = deflateRawSync(raw, { level });
    if (raw.length > MAX_32 || offset > MAX_32) {
      throw new RangeError(`${entry.name}: larger than a zip without Zip64 can hold`);
    }
    const crc = crc32(raw);
    const fields = { crc, packed: packed.length, raw: raw.length, name: name.length };
    const local = Buffer.alloc(30); // extra field length at 28: 0
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, fields);
    parts.push(local, name, packed);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(VERSION_MADE_BY, 4);
    writeEntryFields(dir, 6, fields);
    // extra length, comment length, disk number, internal attributes: all 0
    dir.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}
