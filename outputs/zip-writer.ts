/**
 * A minimal, deterministic zip writer for results.xlsx, deflating with Node's native zlib.
 *
 * Why not jszip: it deflates in JavaScript (pako), which took over a second of a 33-area run's
 * publish for the occupations sheet; zlib does the same work natively in a tenth of that. The
 * format written is the plain one every reader accepts: local headers with sizes and CRC known
 * up front (no data descriptors), one central directory, no Zip64 (results.xlsx stays far below
 * 4 GiB; larger input is refused loudly rather than written corrupt). The record signatures are
 * the reader's (sources/tabular/zip-archive.ts), and tests read what this writes back through it.
 * `zlib.crc32` is new in Node 20.15 and 22.2; package.json `engines` admits no earlier Node.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw, deflateRawSync } from 'node:zlib';
import { ZIP_SIGNATURE } from '../sources/tabular/zip-archive.ts';

export interface ZipEntry {
  name: string;
  data: string | Uint8Array;
}

/** 1980-01-01 00:00 in MS-DOS date/time: the earliest a zip can hold, so bytes never vary. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const deflateRawAsync = promisify(deflateRaw);

const VERSION_NEEDED = 20; // 2.0: deflate
const VERSION_MADE_BY = (3 << 8) | 20; // UNIX, spec 2.0
const UTF8_NAMES = 1 << 11;
const DEFLATE = 8;
const MAX_32 = 0xffffffff;

/**
 * The fields a local header (from byte 4) and a central directory record (from byte 6) share,
 * in the same order: version needed, flags, method, time, date, CRC, sizes, name length.
 */
function writeEntryFields(b: Buffer, at: number, f: EntryFields): void {
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

/** Where a zip's bytes go: appended in order; a local header may be rewritten in place. */
interface ZipSink {
  append(bytes: Uint8Array): void;
  /** Rewrites bytes already appended at `position` (a streamed entry's header). */
  patch(bytes: Buffer, position: number): void;
}

/**
 * Lays out entries, central directory and end record into a sink. An entry is either whole
 * bytes, deflated in one call, or streamed: chunks deflated one by one with a sync flush (each
 * segment ends on a byte boundary, so they concatenate into one valid deflate stream, closed by
 * an empty final block), its header patched with the CRC and sizes once they are known. Memory
 * for a streamed entry is one chunk, whatever the entry's size.
 */
class ZipLayout {
  private readonly central: Buffer[] = [];
  private offset = 0;
  private count = 0;

  constructor(
    private readonly sink: ZipSink,
    private readonly level: number,
  ) {}

  add(entry: ZipEntry): void {
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    const packed = deflateRawSync(raw, { level: this.level });
    this.check(entry.name, raw.length);
    const name = Buffer.from(entry.name, 'utf8');
    const fields = { crc: crc32(raw), packed: packed.length, raw: raw.length, name: name.length };
    const at = this.offset;
    this.write(localHeader(fields));
    this.write(name);
    this.write(packed);
    this.record(name, fields, at);
  }

  async addStreamed(name: string, chunks: AsyncIterable<Uint8Array | string>): Promise<void> {
    const nameBytes = Buffer.from(name, 'utf8');
    const at = this.offset;
    const fields = { crc: 0, packed: 0, raw: 0, name: nameBytes.length };
    this.write(localHeader(fields));
    this.write(nameBytes);
    // Each chunk is deflated on libuv's thread pool while the next is fetched (from DuckDB, for
    // a sheet), and written in order; two in flight keep both cores busy.
    const inFlight: Promise<Buffer>[] = [];
    const writeNext = async () => {
      const packed = await (inFlight.shift() as Promise<Buffer>);
      fields.packed += packed.length;
      this.write(packed);
    };
    try {
      for await (const chunk of chunks) {
        const raw = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        if (raw.length === 0) continue;
        fields.crc = crc32(raw, fields.crc);
        fields.raw += raw.length;
        this.check(name, fields.raw);
        inFlight.push(
          deflateRawAsync(raw, { level: this.level, finishFlush: constants.Z_SYNC_FLUSH }),
        );
        if (inFlight.length >= 2) await writeNext();
      }
      while (inFlight.length > 0) await writeNext();
    } finally {
      // A failed read leaves deflates running: settle them so none rejects unobserved.
      await Promise.allSettled(inFlight);
    }
    const end = deflateRawSync(Buffer.alloc(0), { level: this.level });
    fields.packed += end.length;
    this.write(end);
    this.sink.patch(localHeader(fields), at);
    this.record(nameBytes, fields, at);
  }

  finish(): void {
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(ZIP_SIGNATURE.endOfDirectory, 0);
    end.writeUInt16LE(this.count, 8);
    end.writeUInt16LE(this.count, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.offset, 16);
    this.write(directory);
    this.write(end);
  }

  private check(name: string, raw: number): void {
    if (raw > MAX_32 || this.offset > MAX_32) {
      throw new RangeError(`${name}: larger than a zip without Zip64 can hold`);
    }
  }

  private write(bytes: Uint8Array): void {
    this.sink.append(bytes);
    this.offset += bytes.length;
  }

  private record(name: Buffer, fields: EntryFields, at: number): void {
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(ZIP_SIGNATURE.centralHeader, 0);
    dir.writeUInt16LE(VERSION_MADE_BY, 4);
    writeEntryFields(dir, 6, fields);
    // extra length, comment length, disk number, internal attributes: all 0
    dir.writeUInt32LE((0o100644 << 16) >>> 0, 38); // external attributes: a regular file, rw-r--r--
    dir.writeUInt32LE(at, 42);
    this.central.push(dir, name);
    this.count++;
  }
}

type EntryFields = { crc: number; packed: number; raw: number; name: number };

function localHeader(fields: EntryFields): Buffer {
  const local = Buffer.alloc(30); // extra field length at 28: 0
  local.writeUInt32LE(ZIP_SIGNATURE.localHeader, 0);
  writeEntryFields(local, 4, fields);
  return local;
}

/** The zip file's bytes: entries in the given order, each deflated at the given level. */
export function zipBuffer(entries: readonly ZipEntry[], level = 6): Buffer {
  const parts: Uint8Array[] = [];
  const layout = new ZipLayout(
    {
      append: (bytes) => parts.push(bytes),
      patch: () => {
        throw new Error('zipBuffer holds whole entries only');
      },
    },
    level,
  );
  for (const entry of entries) layout.add(entry);
  layout.finish();
  return Buffer.concat(parts);
}

/** An entry whose bytes arrive in chunks (a worksheet read from DuckDB chunk by chunk). */
export interface StreamedEntry {
  name: string;
  chunks: AsyncIterable<Uint8Array | string>;
}

/**
 * Writes a zip file with whole and streamed entries; a whole entry's bytes are those zipBuffer
 * gives it. The file is written as it goes, so the zip is never held in memory.
 */
export async function writeZipFile(
  path: string,
  entries: readonly (ZipEntry | StreamedEntry)[],
  level = 6,
): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    const layout = new ZipLayout(
      {
        append: (bytes) => {
          writeSync(fd, bytes);
        },
        patch: (bytes, position) => {
          writeSync(fd, bytes, 0, bytes.length, position);
        },
      },
      level,
    );
    for (const entry of entries) {
      if ('chunks' in entry) await layout.addStreamed(entry.name, entry.chunks);
      else layout.add(entry);
    }
    layout.finish();
  } finally {
    closeSync(fd);
  }
}
