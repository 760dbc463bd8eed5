/** @module Files and folders as ingest documents: walks folders, checks size and type, picks the parser. */
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ThreatBriefError } from '../../core/errors.ts';
import type { SourceDocument } from '../../core/ingest/ingest-documents.ts';
import type { ReportDraft } from '../../core/model/report.ts';
import { decodeText } from './decode.ts';
import { parseHtml } from './formats/html.ts';
import { parseMarkdown } from './formats/markdown.ts';
import { looksLikeMisp, parseMispEvents } from './formats/misp.ts';
import { parsePdf } from './formats/pdf.ts';
import { parseStixBundle } from './formats/stix.ts';
import { parsePlainText } from './formats/text.ts';

type Parser = (bytes: Uint8Array) => Promise<ReportDraft[]> | ReportDraft[];

function parseJson(bytes: Uint8Array): ReportDraft[] {
  let json: unknown;
  try {
    json = JSON.parse(decodeText(bytes));
  } catch (error) {
    if (error instanceof ThreatBriefError) throw error;
    throw new ThreatBriefError('invalid_json', `invalid JSON: ${(error as Error).message}`);
  }
  if (typeof json === 'object' && json !== null && (json as { type?: unknown }).type === 'bundle') {
    return parseStixBundle(json);
  }
  if (looksLikeMisp(json)) return parseMispEvents(json);
  throw new ThreatBriefError(
    'unsupported_type',
    'JSON that is neither a STIX 2.1 bundle nor a MISP event',
  );
}

const PARSERS: Record<string, Parser> = {
  '.txt': (b) => parsePlainText(decodeText(b)),
  '.text': (b) => parsePlainText(decodeText(b)),
  '.md': (b) => parseMarkdown(decodeText(b)),
  '.markdown': (b) => parseMarkdown(decodeText(b)),
  '.html': (b) => parseHtml(decodeText(b)),
  '.htm': (b) => parseHtml(decodeText(b)),
  '.pdf': (b) => parsePdf(b),
  '.json': parseJson,
  '.stix': parseJson,
};

export const SUPPORTED_EXTENSIONS = Object.keys(PARSERS);

/** Parses bytes as a file with extension `ext` (".html", ".json" ...) would be parsed. */
export async function parseFile(ext: string, bytes: Uint8Array): Promise<ReportDraft[]> {
  const parser = PARSERS[ext];
  if (!parser)
    throw new ThreatBriefError('unsupported_type', `unsupported file type "${ext || '(none)'}"`);
  return parser(bytes);
}

export interface FileSourceOptions {
  /** Files larger than this are refused before they are read. */
  maxBytes: number;
}

async function readCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  const info = await stat(path);
  if (info.size > maxBytes) {
    throw new ThreatBriefError(
      'too_large',
      `${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit (INGEST_MAX_BYTES)`,
    );
  }
  const handle = await open(path, 'r');
  try {
    // Read at most one byte past the limit, in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) {
      throw new ThreatBriefError(
        'too_large',
        `over the ${formatBytes(maxBytes)} limit (INGEST_MAX_BYTES)`,
      );
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
  } finally {
    await handle.close();
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

function fileDocument(path: string, options: FileSourceOptions): SourceDocument {
  return {
    origin: path,
    async read() {
      const ext = extname(path).toLowerCase();
      const parser = PARSERS[ext];
      if (!parser) {
        throw new ThreatBriefError(
          'unsupported_type',
          `unsupported file type "${ext || '(none)'}" (supported: ${SUPPORTED_EXTENSIONS.join(' ')})`,
        );
      }
      let bytes: Uint8Array;
      try {
        bytes = await readCapped(path, options.maxBytes);
      } catch (error) {
        if (error instanceof ThreatBriefError) throw error;
        throw new ThreatBriefError(
          'unreadable',
          `cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
      return parser(bytes);
    },
  };
}

function failing(origin: string, error: ThreatBriefError): SourceDocument {
  return {
    origin,
    read: () => Promise.reject(error),
  };
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/**
 * One document per file under `paths` (folders recursively, hidden entries skipped), in a
 * stable order. A path that does not exist becomes a document that fails with a clear reason,
 * so it is reported with the rest of the batch.
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
    } catch {
      documents.push(failing(path, new ThreatBriefError('not_found', 'no such file or folder')));
      continue;
    }
    if (info.isDirectory()) {
      const files: string[] = [];
      await walk(path, files);
      documents.push(...files.map((f) => fileDocument(f, options)));
    } else {
      documents.push(fileDocument(path, options));
    }
  }
  return documents;
}
