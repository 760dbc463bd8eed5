/** @module Feed documents and article pages for source tests, written here: RSS 2.0, Atom, JSON Feed. */

export interface FakeEntry {
  id: string;
  title: string;
  link: string;
  published: string;
  /** The entry's own HTML. */
  content?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function rssFeed(title: string, entries: FakeEntry[]): string {
  const items = entries
    .map(
      (e) => `<item><title>${esc(e.title)}</title><link>${esc(e.link)}</link>
<guid isPermaLink="false">${esc(e.id)}</guid><pubDate>${new Date(e.published).toUTCString()}</pubDate>
${e.content ? `<description>${esc(e.content)}</description>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>https://research.example.test/</link>
<description>Research notes</description>
${items}
</channel></rss>`;
}

export function atomFeed(title: string, entries: FakeEntry[]): string {
  const items = entries
    .map(
      (e) => `<entry><title>${esc(e.title)}</title><id>${esc(e.id)}</id>
<link rel="alternate" href="${esc(e.link)}"/><published>${e.published}</published><updated>${e.published}</updated>
${e.content ? `<content type="html">${esc(e.content)}</content>` : ''}</entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>urn:example:atom</id>
<updated>2026-11-19T00:00:00Z</updated>
${items}
</feed>`;
}

export function jsonFeed(title: string, entries: FakeEntry[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title,
    items: entries.map((e) => ({
      id: e.id,
      url: e.link,
      title: e.title,
      date_published: e.published,
      content_html: e.content ?? '',
    })),
  });
}

/** An article page of a few paragraphs about `subject`, distinct per `seed`. */
export function articlePage(title: string, subject: string, seed: number): string {
  const paragraphs = [
    `Researchers observed ${subject} using a new loader in intrusion set ${seed} against telecom operators in the region.`,
    `The operators of ${subject} relied on scheduled tasks and signed drivers to persist on ${seed + 2} servers for weeks.`,
    `Analysts assess with moderate confidence that campaign ${seed} continues; indicators are listed at the end of the report.`,
  ];
  return `<!doctype html><html><head><title>${esc(title)} | Example Research</title>
<meta property="og:site_name" content="Example Research">
<meta property="article:published_time" content="2026-11-1${seed % 9}T09:00:00Z"></head>
<body><nav>Home Blog About</nav><article><h1>${esc(title)}</h1>
${paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</article><footer>Copyright Example</footer></body></html>`;
}
