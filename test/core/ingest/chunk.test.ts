import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../src/core/ingest/chunk.ts';
import { prepareReport } from '../../../src/core/ingest/prepare-report.ts';

const options = { maxChars: 200, targetChars: 120, minChars: 40 };

function pieces(text: string) {
  return chunkText(text, options).map((s) => text.slice(s.start, s.end));
}

describe('chunkText', () => {
  it('keeps paragraphs as passages and joins a short heading to the paragraph after it', () => {
    const text =
      'Heading\n\nThe first paragraph is long enough to stand alone as a passage.\n\nThe second paragraph also stands on its own two feet.';
    expect(pieces(text)).toEqual([
      'Heading\n\nThe first paragraph is long enough to stand alone as a passage.',
      'The second paragraph also stands on its own two feet.',
    ]);
  });

  it('splits a long paragraph at sentence boundaries, never inside a sentence that fits', () => {
    const sentence = 'Volt Typhoon lives off the land inside networks.';
    const text = Array.from({ length: 8 }, () => sentence).join(' ');
    const parts = pieces(text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(options.maxChars);
      expect(part.endsWith('.')).toBe(true);
    }
  });

  it('splits one-paragraph-per-line text (no blank lines) by lines', () => {
    const lines = Array.from(
      { length: 10 },
      (_, i) => `Line ${i} says something about Lazarus Group and its money.`,
    );
    const parts = pieces(lines.join('\n'));
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.every((p) => p.length <= options.maxChars)).toBe(true);
  });

  it('hard-splits unbroken text so no passage passes the limit', () => {
    const text = 'x'.repeat(1000);
    expect(pieces(text).every((p) => p.length <= options.maxChars)).toBe(true);
  });

  it('covers the text in order without overlaps', () => {
    const text =
      'Alpha paragraph sentence one. Sentence two here.\n\nBeta.\n\n' +
      'Gamma goes on. '.repeat(40);
    const spans = chunkText(text, options);
    for (let i = 1; i < spans.length; i++)
      expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
    const covered = spans.map((s) => text.slice(s.start, s.end)).join(' ');
    expect(covered.replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
  });
});

describe('prepareReport', () => {
  const at = new Date('2026-11-21T08:00:00Z');

  it('fills defaults: title from the first line, TLP from config, reliability F', () => {
    const { report, passages } = prepareReport(
      { sourceKind: 'text', text: 'A title line\n\nBody about APT41.' },
      'x.txt',
      { defaultTlp: 'GREEN' },
      at,
    );
    expect(report).toMatchObject({
      title: 'A title line',
      tlp: 'GREEN',
      reliability: 'F',
      publisher: null,
      ingestedAt: '2026-11-21T08:00:00.000Z',
    });
    for (const p of passages) expect(report.text.slice(p.start, p.end)).toBe(p.text);
  });

  it('raises a document to the batch TLP but never lowers its own marking', () => {
    const draft = (tlp?: 'CLEAR' | 'RED') => ({ sourceKind: 'text' as const, text: 'Body', tlp });
    expect(
      prepareReport(draft('CLEAR'), 'a', { defaultTlp: 'CLEAR', tlp: 'AMBER' }, at).report.tlp,
    ).toBe('AMBER');
    expect(
      prepareReport(draft('RED'), 'a', { defaultTlp: 'CLEAR', tlp: 'GREEN' }, at).report.tlp,
    ).toBe('RED');
    expect(prepareReport(draft(), 'a', { defaultTlp: 'CLEAR', tlp: 'GREEN' }, at).report.tlp).toBe(
      'GREEN',
    );
  });

  it('lets the document name its publisher and reliability; flags fill the gaps', () => {
    const defaults = {
      defaultTlp: 'CLEAR' as const,
      publisher: 'Flag Pub',
      reliability: 'D' as const,
    };
    expect(
      prepareReport({ sourceKind: 'text', text: 'Body' }, 'a', defaults, at).report,
    ).toMatchObject({ publisher: 'Flag Pub', reliability: 'D' });
    expect(
      prepareReport(
        { sourceKind: 'text', text: 'Body', publisher: 'Own', reliability: 'A' },
        'a',
        defaults,
        at,
      ).report,
    ).toMatchObject({ publisher: 'Own', reliability: 'A' });
  });

  it('rejects text with nothing readable in it', () => {
    expect(() =>
      prepareReport(
        { sourceKind: 'text', text: ' \n\u200B\n -- ' },
        'a',
        { defaultTlp: 'CLEAR' },
        at,
      ),
    ).toThrow(expect.objectContaining({ code: 'empty_text' }));
  });
});
