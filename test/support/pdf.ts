/** @module Writes a small valid PDF with the given lines of text, for PDF ingest tests. */

export function makePdf(
  lines: string[],
  info: { title?: string; author?: string; created?: string } = {},
  /** `truetype`: a TrueType font with no Unicode map, whose codes pdf.js passes on as they are. */
  font: 'helvetica' | 'truetype' = 'helvetica',
): Buffer {
  const escapePdf = (s: string): string => s.replace(/([\\()])/g, '\\$1');
  const content = [
    'BT',
    '/F1 11 Tf',
    '14 TL',
    '72 760 Td',
    ...lines.map((line) => `(${escapePdf(line)}) Tj T*`),
    'ET',
  ].join('\n');
  const infoEntries = [
    info.title ? `/Title (${escapePdf(info.title)})` : '',
    info.author ? `/Author (${escapePdf(info.author)})` : '',
    info.created ? `/CreationDate (D:${info.created.replace(/-/g, '')}000000Z)` : '',
  ].join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    font === 'truetype'
      ? '<< /Type /Font /Subtype /TrueType /BaseFont /Arial >>'
      : '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< ${infoEntries} >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A PDF of `pages` pages that all show the same short content stream (cheap to make, any length). */
export function makePagedPdf(pages: number, text = 'Sandworm attacked the grid.'): Buffer {
  const content = `BT\n/F1 11 Tf\n72 760 Td\n(${text}) Tj\nET`;
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...Array.from(
      { length: pages },
      () =>
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>',
    ),
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length); // ASCII only: characters are bytes
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
