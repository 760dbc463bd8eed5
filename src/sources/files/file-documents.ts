/**
 * @module Files and folders as ingest documents: walks folders (each entry gets a result, even one
 * that cannot be read), reads each regular file within the size limit, and parses it in a worker
 * under time and memory limits.
 */
import { constants, type Dirent } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ThreatBriefError } from '../../core/errors.ts';
import type { SourceDocument } from '../../core/ingest/ingest-documents.ts';
import { formatBytes } from '../../core/text/bytes.ts';
import { isSupported, SUPPORTED_EXTENSIONS, unsupported } from './formats/parse-file.ts';
import { DEFAULT_PARSE_MEMORY_MB, DEFAULT_PARSE_TIMEOUT_MS } from './limits.ts';
import { type ParserHost, sharedParserHost } from './parser-host.ts';

export { SUPPORTED_EXTENSIONS };

export interface FileSourceOptions {
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
  /** Wall time for parsing one file (default 60 s). */
  parseTimeoutMs?: number;
  /** Heap for the parsing worker in MB (default 1024). */
  parseMemoryMb?: number;
  /** Where parsing runs; the process's shared worker by default. */
  parser?: ParserHost;
}

export { formatBytes };

const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'it no longer exists',
  ELOOP: 'too many symbolic links',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'its path is too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (!code) return (error as Error).message;
  return ERRNO_TEXT[code] ? `${ERRNO_TEXT[code]} (${code})` : code;
}

/** What a directory entry or an opened file is, when it is not a regular file or a folder. */
function otherKind(info: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}): string {
  if (info.isSymbolicLink())
    return 'a symbolic link, not followed inside a folder (name its target to ingest it)';
  if (info.isFIFO()) return 'a named pipe (FIFO), not a regular file';
  if (info.isSocket()) return 'a socket, not a regular file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device, not a regular file';
  return 'not a regular file';
}

/**
 * Opens without blocking (a FIFO would wait forever for a writer), then checks on the open handle
 * that it is a regular file within the size limit, and reads at most one byte past the limit.
 */
async function readCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new ThreatBriefError('unreadable', `cannot read it: ${fsReason(error)}`);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new ThreatBriefError('unreadable', 'it is a folder');
    if (!info.isFile()) throw new ThreatBriefError('unsupported_type', otherKind(info));
    const tooLarge = (size?: number) =>
      new ThreatBriefError(
        'too_large',
        `${size === undefined ? 'over' : `${formatBytes(size)} is over`} the ${formatBytes(maxBytes)} limit (INGEST_MAX_BYTES)`,
      );
    if (info.size > maxBytes) throw tooLarge(info.size);
    // One byte more than the limit, in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let bytesRead = 0;
    while (bytesRead < buffer.length) {
      const { bytesRead: n } = await handle.read(buffer, bytesRead, buffer.length - bytesRead);
      if (n === 0) break;
      bytesRead += n;
    }
    if (bytesRead > maxBytes) throw tooLarge();
    return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
  } catch (error) {
    if (error instanceof ThreatBriefError) throw error;
    throw new ThreatBriefError('unreadable', `cannot read it: ${fsReason(error)}`);
  } finally {
    await handle.close();
  }
}

function fileDocument(path: string, options: FileSourceOptions): SourceDocument {
  return {
    origin: path,
    async read() {
      const ext = extname(path).toLowerCase();
      if (!isSupported(ext)) throw unsupported(ext);
      const bytes = await readCapped(path, options.maxBytes);
      return (options.parser ?? sharedParserHost).parse(ext, bytes, {
        timeoutMs: options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS,
        memoryMb: options.parseMemoryMb ?? DEFAULT_PARSE_MEMORY_MB,
      });
    },
  };
}

function failing(origin: string, error: ThreatBriefError): SourceDocument {
  return { origin, read: () => Promise.reject(error) };
}

/**
 * Every entry under `dir`, sorted, hidden ones skipped. An entry that cannot be ingested (a folder
 * that cannot be read, a symbolic link, a pipe) becomes a document that fails with its reason.
 */
async function walk(dir: string, options: FileSourceOptions, out: SourceDocument[]) {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    out.push(
      failing(
        dir,
        new ThreatBriefError('unreadable', `cannot read this folder: ${fsReason(error)}`),
      ),
    );
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, options, out);
    else if (entry.isFile()) out.push(fileDocument(full, options));
    else out.push(failing(full, new ThreatBriefError('unsupported_type', otherKind(entry))));
  }
}

/**
 * One document per file under `paths` (folders recursively, hidden entries skipped), in a stable
 * order. A path that does not exist becomes a document that fails with a clear reason, so it is
 * reported with the rest of the batch.
 */
export async function fileDocuments(
  paths: readonly string[],
  options: FileSourceOptions,
): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      documents.push(
        failing(
          path,
          missing
            ? new ThreatBriefError('not_found', 'no such file or folder')
            : new ThreatBriefError('unreadable', `cannot read it: ${fsReason(error)}`),
        ),
      );
      continue;
    }
    if (info.isDirectory()) await walk(path, options, documents);
    else documents.push(fileDocument(path, options));
  }
  return documents;
}
