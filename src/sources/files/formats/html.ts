/**
 * @module HTML pages: Mozilla Readability finds the article, meta tags give title, author, date,
 * site and canonical address. jsdom parses without running scripts or loading anything. Markings
 * come from meta tags and from the whole visible page (a TLP banner in a header Readability drops
 * still marks the page).
 */

import { markingsInText, noFindings, readMarking } from '../../../core/model/marking.ts';
import type { ReportDraft } from '../../../core/model/report.ts';
import { strictestTlp, type Tlp, tlpRank } from '../../../core/model/tlp.ts';

const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'NAV',
  'IFRAME',
  'FORM',
  'BUTTON',
]);

/** Text of a DOM subtree with a paragraph break around every block element. */
function blockText(root: Node): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === 3) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node as Element).tagName;
    if (SKIP.has(tag)) return;
    if (tag === 'BR') {
      out.push('\n');
      return;
    }
    const block = BLOCK.has(tag);
    if (block) out.push('\n\n');
    if (tag === 'TD' || tag === 'TH') out.push(' ');
    for (const child of Array.from(node.childNodes)) walk(child);
    if (block) out.push('\n\n');
  };
  walk(root);
  return out
    .join('')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function meta(doc: Document, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const el = doc.querySelector(
      `meta[name="${key}" i], meta[property="${key}" i], meta[itemprop="${key}" i]`,
    );
    const content = el?.getAttribute('content')?.trim();
    if (content) return content;
  }
  return undefined;
}

export async function parseHtml(source: string): Promise<ReportDraft[]> {
  const [{ JSDOM, VirtualConsole }, { Readability }] = await Promise.all([
    import('jsdom'),
    import('@mozilla/readability'),
  ]);
  // A silent console: a hostile page's broken CSS must not spill errors into our output.
  const dom = new JSDOM(source, { virtualConsole: new VirtualConsole() });
  const doc = dom.window.document;
  const title = meta(doc, 'og:title', 'twitter:title', 'dc.title') ?? doc.title;
  const published =
    meta(
      doc,
      'article:published_time',
      'datePublished',
      'date',
      'dc.date',
      'pubdate',
      'publish-date',
    ) ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const author = meta(doc, 'author', 'article:author', 'dc.creator', 'twitter:creator');
  const publisher = meta(doc, 'og:site_name', 'publisher', 'dc.publisher', 'application-name');
  const url =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url');
  const fallbackText = doc.body ? blockText(doc.body) : '';
  const markings = noFindings();
  const labels: Tlp[] = [];
  for (const key of ['tlp', 'classification', 'marking']) {
    const value = meta(doc, key);
    if (value) labels.push(readMarking(value, `meta ${key}`, markings));
  }
  // A banner anywhere on the page marks it, even where Readability keeps only the article.
  const declared = labels.length ? strictestTlp(labels, labels[0]!) : undefined;
  for (const stated of markingsInText(`${doc.title ?? ''}\n${fallbackText}`)) {
    readMarking(stated.tlp, `page banner "${stated.label}"`, markings);
    if (!declared || tlpRank(stated.tlp) > tlpRank(declared))
      markings.warnings.push(
        `"${stated.label}" is shown on the page: stored as at least TLP:${stated.tlp}`,
      );
  }

  // Readability rewrites the document it is given, so it runs last.
  const article = new Readability(doc).parse();
  let text = fallbackText;
  if (article?.content) {
    const body = new JSDOM(`<body>${article.content}</body>`, {
      virtualConsole: new VirtualConsole(),
    });
    const main = blockText(body.window.document.body);
    if (main.length > 0) text = main;
    body.window.close();
  }
  dom.window.close();
  return [
    {
      sourceKind: 'html',
      text,
      title: title?.trim() || article?.title || undefined,
      published: published ?? article?.publishedTime ?? undefined,
      author: author ?? article?.byline ?? undefined,
      publisher: publisher ?? article?.siteName ?? undefined,
      url: url ?? undefined,
      tlp: declared,
      markings,
    },
  ];
}
