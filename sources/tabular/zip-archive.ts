/**
 * The one way clusterfit reads a zip archive (a workbook, a publisher's .zip download): the
 * central directory read once, every entry name checked, every entry inflated within a budget
 * counted on the bytes actually produced, and checked against the size and CRC-32 the directory
 * declares. A zip's declared sizes are a claim, not a fact: a 7 MB workbook whose directory
 * lies inflated to 3.25 GB of memory before this layer existed.
 *
 * How the bound holds: the declared sizes of all entries are summed first and an archive over
 * the budget is refused before anything is inflated (an honest zip bomb, named by its entry);
 * then each entry is inflated by zlib with `maxOutputLength` set to one byte past its declared
 * size, so an entry that produces more than it declares stops after at most that many bytes
 * (zlib inflates in 16 KiB chunks and checks the count after each) and is refused as lying. No
 * entry can therefore produce more than its declared size, and the declared sizes fit the budget.
 *
 * Why our own code rather than a library (evaluated 2026-12): yauzl is asynchronous (callbacks
 * per entry, while the workbook reader is synchronous) and its README lists not checking
 * CRC-32; fflate and jszip inflate in JavaScript and size their output from the declared sizes
 * (measured here on the 3.4 MB BLS workbook, all 49 entries: jszip 138-178 ms, this layer
 * 13-72 ms with every CRC checked). Node's
 * zlib gives native inflate with a hard output bound and `zlib.crc32`, so what is left is ~145
 * lines of directory parsing, shared in its record layout with outputs/zip-writer.ts.
 *
 * `zlib.crc32` is new in Node 20.15 and 22.2; package.json `engines` admits no earlier Node
 * (tests/sources/tabular/zip-archive.test.ts checks it).
 * Zip64, encrypted entries and methods other than stored (0) and deflate (8) are refused: no
 * publisher's workbook or download needs them.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { CliError, ExitCode } from '../../kernel/cli-error.ts';
import { messages } from '../../kernel/messages.ts';
import { maxUnzippedBytes } from './input-guards.ts';

/** The record signatures of the zip format, shared with the writer. */
export const ZIP_SIGNATURE = {
  localHeader: 0x04034b50,
  centralHeader: 0x02014b50,
  endOfDirectory: 0x06054b50,
} as const;

/** The end record's fixed size, and the longest comment that may follow it. */
const END_RECORD = 22;
const MAX_COMMENT = 0xffff;
const STORED = 0;
const DEFLATE = 8;
const ENCRYPTED = 1;

export interface ZipArchive {
  /** The entries' names, in directory order. */
  readonly names: readonly string[];
  /**
   * An entry's bytes, inflated within the archive's budget and checked against its declared
   * size and CRC-32; undefined when the archive has no such entry.
   */
  read(name: string): Buffer | undefined;
}

interface DirectoryEntry {
  method: number;
  flags: number;
  crc: number;
  packed: number;
  size: number;
  offset: number;
}

export interface ZipOptions {
  /** What the archive is, for messages ("an Excel workbook"); "a zip archive" by default. */
  kind?: string;
  /** The most all entries may inflate to together; CLUSTERFIT_MAX_UNZIPPED_MB by default. */
  budget?: number;
}

/**
 * Opens a zip archive held in memory (the caller has bounded the file's size). `file` names the
 * archive in errors. Anything wrong is a CliError with exit 3 naming the file and, where there
 * is one, the entry.
 */
export function openZipArchive(bytes: Buffer, file: string, options: ZipOptions = {}): ZipArchive {
  const kind = options.kind ?? 'a zip archive';
  const budget = options.budget ?? maxUnzippedBytes();
  const fail = (detail: string, entry?: string): never => {
    throw new CliError(messages.zipDamaged(file, kind, detail, entry), ExitCode.input, { file });
  };
  const end = findEndRecord(bytes);
  if (end < 0) fail('its zip directory is missing (a cut-off download?)');
  const count = bytes.readUInt16LE(end + 10);
  const dirSize = bytes.readUInt32LE(end + 12);
  const dirOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) fail('it is a Zip64 archive');
  if (dirOffset + dirSize > end) fail('its zip directory points past the end of the file');

  const entries = new Map<string, DirectoryEntry>();
  let declared = 0;
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || bytes.readUInt32LE(at) !== ZIP_SIGNATURE.centralHeader) {
      fail('its zip directory is damaged');
    }
    const nameLength = bytes.readUInt16LE(at + 28);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const entry: DirectoryEntry = {
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      packed: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      offset: bytes.readUInt32LE(at + 42),
    };
    const unsafe = unsafeName(name);
    if (unsafe) fail(unsafe, name);
    if (entries.has(name)) fail('the name appears twice in the zip directory', name);
    if (entry.size === 0xffffffff || entry.packed === 0xffffffff || entry.offset === 0xffffffff) {
      fail('it is a Zip64 entry', name);
    }
    if (entry.flags & ENCRYPTED) fail('it is encrypted', name);
    declared += entry.size;
    if (declared > budget) {
      throw new CliError(messages.zipTooLarge(file, name, declared, budget), ExitCode.input, {
        file,
      });
    }
    entries.set(name, entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }

  let produced = 0;
  return {
    names: [...entries.keys()],
    read(name) {
      const e = entries.get(name);
      if (!e) return undefined;
      const o = e.offset;
      if (o + 30 > bytes.length || bytes.readUInt32LE(o) !== ZIP_SIGNATURE.localHeader) {
        fail('its local header is damaged', name);
      }
      const localNameLength = bytes.readUInt16LE(o + 26);
      if (bytes.toString('utf8', o + 30, o + 30 + localNameLength) !== name) {
        fail('its local header names another entry', name);
      }
      const start = o + 30 + localNameLength + bytes.readUInt16LE(o + 28);
      const packed = bytes.subarray(start, start + e.packed);
      if (packed.length !== e.packed) fail('it is cut off', name);
      let data: Buffer;
      if (e.method === STORED) data = packed;
      else if (e.method === DEFLATE) data = inflateBounded(packed, e.size, (d) => fail(d, name));
      else return fail(`it uses compression method ${e.method}`, name);
      if (data.length !== e.size) {
        fail(
          messages.zipSizeMismatch(
            data.length > e.size ? 'more than' : 'only',
            data.length,
            e.size,
          ),
          name,
        );
      }
      produced += data.length;
      if (produced > budget) {
        throw new CliError(messages.zipTooLarge(file, name, produced, budget), ExitCode.input, {
          file,
        });
      }
      const actual = crc32(data);
      if (actual !== e.crc) fail(messages.zipCrcMismatch(actual, e.crc), name);
      return data;
    },
  };
}

/**
 * Inflates at most `size` + 1 bytes: one byte more than the entry declares is enough to know
 * it lies, and nothing past that is ever produced.
 */
function inflateBounded(packed: Buffer, size: number, fail: (detail: string) => never): Buffer {
  try {
    return inflateRawSync(packed, { maxOutputLength: size + 1 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') {
      return fail(messages.zipSizeMismatch('more than', size + 1, size));
    }
    return fail(messages.zipDoesNotInflate(e.message));
  }
}

/** The end-of-directory record's offset: the last signature within the largest comment's reach. */
function findEndRecord(bytes: Buffer): number {
  const from = Math.max(0, bytes.length - END_RECORD - MAX_COMMENT);
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(ZIP_SIGNATURE.endOfDirectory);
  const at = bytes.lastIndexOf(signature);
  return at >= from && at + END_RECORD <= bytes.length ? at : -1;
}

/**
 * Why an entry name could climb out of the archive if it were ever extracted (or is simply
 * not a name a honest archive holds), or undefined for a safe one.
 */
export function unsafeName(name: string): string | undefined {
  if (name === '' || name.includes('\0')) return messages.zipNameUnsafe('is empty or holds a NUL');
  if (name.includes('\\')) return messages.zipNameUnsafe('holds a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    return messages.zipNameUnsafe('is an absolute path');
  }
  if (name.split('/').includes('..')) return messages.zipNameUnsafe('climbs out with ".."');
  return undefined;
}
