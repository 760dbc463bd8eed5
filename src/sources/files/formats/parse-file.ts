/**
 * @module Bytes of one file to report drafts, by extension: the parser table, with the shape limits
 * checked before a parser that would choke on the shape is given the input.
 */
import { ThreatBriefError } from '../../../core/errors.ts';
import type { ReportDraft } from '../../../core/model/report.ts';
import { decodeText } from '../decode.ts';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS, MAX_JSON_DEPTH } from '../limits.ts';
import { parseHtml } from './html.ts';
import { parseMarkdown } from './markdown.ts';
import { looksLikeMisp, parseMispEvents } from './misp.ts';
import { parsePdf } from './pdf.ts';
import { htmlShape, jsonDepth } from './shape.ts';
import { parseStixBundle } from './stix.ts';
import { parsePlainText } from './text.ts';

type Parser = (bytes: Uint8Array) => Promise<ReportDraft[]> | ReportDraft[];

const count = (n: number) => n.toLocaleString('en-US');

function parseJson(bytes: Uint8Array): ReportDraft[] {
  const text = decodeText(bytes);
  const depth = jsonDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    throw new ThreatBriefError(
      'too_large',
      `JSON nested more than ${count(MAX_JSON_DEPTH)} levels deep; STIX and MISP need about ten`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
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

function parseHtmlWithinLimits(bytes: Uint8Array): Promise<ReportDraft[]> {
  const html = decodeText(bytes);
  const shape = htmlShape(html, { depth: MAX_HTML_DEPTH, elements: MAX_HTML_ELEMENTS });
  if (shape.depth > MAX_HTML_DEPTH)
    throw new ThreatBriefError(
      'too_large',
      `HTML elements nested more than ${count(MAX_HTML_DEPTH)} deep (browsers stop at 512)`,
    );
  if (shape.elements > MAX_HTML_ELEMENTS)
    throw new ThreatBriefError(
      'too_large',
      `more than ${count(MAX_HTML_ELEMENTS)} HTML elements; a long article has a few thousand`,
    );
  return parseHtml(html);
}

const PARSERS: Record<string, Parser> = {
  '.txt': (b) => parsePlainText(decodeText(b)),
  '.text': (b) => parsePlainText(decodeText(b)),
  '.md': (b) => parseMarkdown(decodeText(b)),
  '.markdown': (b) => parseMarkdown(decodeText(b)),
  '.html': parseHtmlWithinLimits,
  '.htm': parseHtmlWithinLimits,
  '.pdf': (b) => parsePdf(b),
  '.json': parseJson,
  '.stix': parseJson,
};

export const SUPPORTED_EXTENSIONS = Object.keys(PARSERS);

export function isSupported(ext: string): boolean {
  return Object.hasOwn(PARSERS, ext);
}

/** Parses one file's bytes; `ext` is its lower-case extension with the dot. */
export async function parseFile(ext: string, bytes: Uint8Array): Promise<ReportDraft[]> {
  if (!isSupported(ext)) throw unsupported(ext);
  return PARSERS[ext]!(bytes);
}

export function unsupported(ext: string): ThreatBriefError {
  return new ThreatBriefError(
    'unsupported_type',
    `unsupported file type "${ext || '(none)'}" (supported: ${SUPPORTED_EXTENSIONS.join(' ')})`,
  );
}
