/** @module PDF reports: text and document info through unpdf (Mozilla's pdf.js, pure JavaScript). */
import { ThreatBriefError } from '../../../core/errors.ts';
import type { ReportDraft } from '../../../core/model/report.ts';
import { MAX_PDF_PAGES } from '../limits.ts';

function pdfDate(value: unknown): string | undefined {
  // PDF dates look like D:20251001093000Z or D:20251001093000+02'00'.
  const m = typeof value === 'string' ? /^D:(\d{4})(\d{2})?(\d{2})?/.exec(value) : null;
  if (!m) return undefined;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}`;
}

/**
 * Some fonts (a TrueType font without a Unicode map, say) encode the space as a control code, which
 * pdf.js passes on as is; read as text those codes would glue every word to the next. Any run of
 * control codes (tab and line breaks aside) is a space.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control codes are what is replaced
const CONTROL_RUN = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]+/g;

export function withSpaces(pageText: string): string {
  return pageText.replace(CONTROL_RUN, ' ');
}

export async function parsePdf(bytes: Uint8Array): Promise<ReportDraft[]> {
  if (!(bytes[0] === 0x25 && bytes[1] === 0x50 && bytes[2] === 0x44 && bytes[3] === 0x46)) {
    throw new ThreatBriefError('invalid_pdf', 'not a PDF file (it does not start with %PDF)');
  }
  const { getDocumentProxy, extractText, getMeta } = await import('unpdf');
  let pages: string[];
  let info: Record<string, unknown> = {};
  try {
    // pdf.js takes ownership of the buffer it is given, so it gets a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    if (pdf.numPages > MAX_PDF_PAGES) {
      await pdf.loadingTask.destroy();
      throw new ThreatBriefError(
        'too_large',
        `the PDF has ${pdf.numPages.toLocaleString('en-US')} pages; the limit is ${MAX_PDF_PAGES.toLocaleString('en-US')}`,
      );
    }
    pages = (await extractText(pdf, { mergePages: false })).text;
    info = ((await getMeta(pdf)).info ?? {}) as Record<string, unknown>;
    await pdf.loadingTask.destroy();
  } catch (error) {
    if (error instanceof ThreatBriefError) throw error;
    throw new ThreatBriefError('invalid_pdf', `unreadable PDF: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const text = pages.map((p) => withSpaces(p).trim()).join('\n\n');
  if (!/[\p{L}\p{N}]/u.test(text)) {
    throw new ThreatBriefError(
      'empty_text',
      'the PDF has no extractable text (a scan? run OCR first)',
    );
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  return [
    {
      sourceKind: 'pdf',
      text,
      title: str(info.Title),
      author: str(info.Author),
      published: pdfDate(info.CreationDate),
    },
  ];
}
