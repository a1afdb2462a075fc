/**
 * Where inputs are found: --data-dir, then the CLUSTERFIT_DATA_DIR variable, then ./data. Each
 * input resolves to a file under it (or an absolute path given in the config's "inputs").
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError, ExitCode } from '../kernel/cli-error.ts';
import {
  type Config,
  type ProjectionsFileConfig,
  USER_PROJECTIONS_ID,
} from '../kernel/config-types.ts';
import { userCrosswalkSource } from '../kernel/frameworks.ts';
import { messages } from '../kernel/messages.ts';
import type { FileDigest, ResolvedInput } from '../kernel/run-context.ts';
import type { SourceEntry } from '../kernel/source-entry.ts';
import { CATALOG, findSource } from '../sources/catalog.ts';

/**
 * The data directory: --data-dir, else CLUSTERFIT_DATA_DIR, else ./data when the working folder
 * has one, else the data/ shipped with clusterfit, so `npx clusterfit run` works from any folder.
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag ?? env.CLUSTERFIT_DATA_DIR;
  if (chosen !== undefined) return resolve(chosen);
  return existsSync('data') ? resolve('data') : SHIPPED_DATA_DIR;
}

/** The package's own data/ (this module and the bundle both sit one folder below the root). */
export const SHIPPED_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');

export function resolveInput(sourceId: string, config: Config, dataDir: string): ResolvedInput {
  const source =
    findSource(sourceId) ??
    config.framework_definitions.map(userCrosswalkSource).find((s) => s.id === sourceId) ??
    (sourceId === USER_PROJECTIONS_ID && config.projections_file
      ? userProjectionsSource(config.projections_file)
      : undefined);
  if (!source) {
    throw new CliError(
      messages.unknownSource(
        sourceId,
        CATALOG.map((s) => s.id),
      ),
      ExitCode.usage,
    );
  }
  // A per-state source's path has `{state}` in it: `run --state` (or "inputs") picks the file.
  if (source.perState && config.inputs[sourceId] === undefined) {
    throw new CliError(messages.perStateNeedsState(sourceId), ExitCode.usage);
  }
  const configured = config.inputs[sourceId] ?? source.path;
  const path = isAbsolute(configured) ? configured : resolve(dataDir, configured);
  const rel = relative(dataDir, path);
  const file = rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  if (source.id === USER_PROJECTIONS_ID && (!existsSync(path) || !statSync(path).isFile())) {
    throw new CliError(messages.userProjectionsMissing(file), ExitCode.usage);
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new CliError(
      messages.inputMissing(
        file,
        { title: source.title, publisher: source.publisher, url: source.url, docs: source.docs },
        dataDir,
      ),
      ExitCode.input,
    );
  }
  return { source, path, file };
}

/** The input when its file is present; undefined when it is missing or unknown (optional inputs). */
export function resolveOptionalInput(
  sourceId: string,
  config: Config,
  dataDir: string,
): ResolvedInput | undefined {
  try {
    return resolveInput(sourceId, config, dataDir);
  } catch (error) {
    if (error instanceof CliError) return undefined;
    throw error;
  }
}

/**
 * The user's own projections file as a source: its path is taken from the current folder, as a
 * command-line argument is, not from the data directory.
 */
export function userProjectionsSource(spec: ProjectionsFileConfig): SourceEntry {
  return {
    id: USER_PROJECTIONS_ID,
    kind: 'projections',
    title: `Projections from ${spec.file}`,
    publisher: 'supplied by the user (--projections or the config\'s "projections": {"file": …})',
    vintage: 'as read from the file',
    docs: 'README.md, "Run your state"',
    path: resolve(spec.file),
    layout: spec.layout ?? 'detected from the headers',
  };
}

/**
 * SHA-256 and size of a file, and its line feeds when asked (else null), read a piece at a
 * time: a large input or output (a 1,000-area occupations.csv is 400 MB) is never held whole.
 */
export function fileDigest(
  path: string,
  countLineFeeds = false,
): FileDigest & { lineFeeds: number | null } {
  const fd = openSync(path, 'r');
  try {
    const digest = new PieceDigest(fstatSync(fd).size, countLineFeeds);
    while (digest.add(readSync(fd, digest.piece)));
    return digest.result();
  } finally {
    closeSync(fd);
  }
}

/**
 * fileDigest with the pieces read on libuv's threads, so that the main thread answers other work
 * between them: the run's ending hashes its outputs (0.4 s for a 1,000-area occupations.csv)
 * while DuckDB appends the history's row and reads the run's facts. A file of one piece (every
 * output of a small run) is read at once, as fileDigest reads it: the thread pool's round trips
 * would only delay it.
 */
export async function fileDigestAsync(
  path: string,
  countLineFeeds = false,
): Promise<FileDigest & { lineFeeds: number | null }> {
  if (statSync(path).size <= DIGEST_PIECE_BYTES) return fileDigest(path, countLineFeeds);
  const file = await open(path, 'r');
  try {
    const digest = new PieceDigest((await file.stat()).size, countLineFeeds);
    while (digest.add((await file.read(digest.piece, 0, digest.piece.length)).bytesRead));
    return digest.result();
  } finally {
    await file.close();
  }
}

/** A file's digest taken a piece at a time: `add` the bytes read into `piece`, 0 at its end. */
class PieceDigest {
  readonly piece: Buffer;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private lineFeeds = 0;

  constructor(
    size: number,
    private readonly countLineFeeds: boolean,
  ) {
    this.piece = Buffer.allocUnsafe(Math.min(DIGEST_PIECE_BYTES, Math.max(1, size)));
  }

  add(n: number): boolean {
    if (n <= 0) return false;
    const data = this.piece.subarray(0, n);
    this.hash.update(data);
    if (this.countLineFeeds) {
      for (let at = data.indexOf(10); at !== -1; at = data.indexOf(10, at + 1)) this.lineFeeds++;
    }
    this.bytes += n;
    return true;
  }

  result(): FileDigest & { lineFeeds: number | null } {
    return {
      sha256: this.hash.digest('hex'),
      bytes: this.bytes,
      lineFeeds: this.countLineFeeds ? this.lineFeeds : null,
    };
  }
}

const DIGEST_PIECE_BYTES = 4 * 1024 * 1024;
