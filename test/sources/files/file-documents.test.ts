import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportDraft } from '../../../src/core/model/report.ts';
import { headlineOf } from '../../../src/core/text/headline.ts';
import { fileDocuments } from '../../../src/sources/files/file-documents.ts';
import { makePdf } from '../../support/pdf.ts';

const FIXTURES = join(import.meta.dirname, '../../fixtures/ingest');
const LIMIT = { maxBytes: 1024 * 1024 };

async function read(path: string, options = LIMIT): Promise<ReportDraft[]> {
  const [doc] = await fileDocuments([path], options);
  return doc!.read();
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'threatbrief-files-'));
}

describe('file formats', () => {
  it('reads plain text: an early date line is the publication date; the title is left to ingest', async () => {
    const [draft] = await read(join(FIXTURES, 'plain-note.txt'));
    expect(draft).toMatchObject({ sourceKind: 'text', published: '2020-10-13T00:00:00.000Z' });
    expect(draft!.title).toBeUndefined();
    expect(headlineOf(draft!.text)).toBe('Lazarus Group moves stolen crypto through mixers');
    expect(draft!.text).toContain('mixing services');
  });

  it('reads Markdown front matter and strips the markup from the body', async () => {
    const [draft] = await read(join(FIXTURES, 'front-matter.md'));
    expect(draft).toMatchObject({
      sourceKind: 'markdown',
      title: 'Kimsuky poses as journalists',
      url: 'https://outlet.test/kimsuky-journalists',
      publisher: 'Test Outlet',
      author: 'Sam Example',
      published: '2024-06-03',
      tlp: 'AMBER',
      reliability: 'B',
      aiGenerated: false,
    });
    expect(draft!.text).toContain(
      'Kimsuky, a North Korean group, wrote to policy experts while pretending to be a reporter.',
    );
    expect(draft!.text).toContain('It later sent a .lnk file.');
    expect(draft!.text).not.toMatch(/[*#`]|\]\(/);
  });

  it('rejects Markdown whose front matter is broken; an unknown TLP is read as RED with a warning', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad-yaml.md'), '---\ntitle: [unclosed\n---\nBody text.');
    writeFileSync(join(dir, 'bad-tlp.md'), '---\ntlp: purple\n---\nBody text.');
    await expect(read(join(dir, 'bad-yaml.md'))).rejects.toMatchObject({
      code: 'invalid_input',
      message: /front matter is not valid YAML/,
    });
    const [purple] = await read(join(dir, 'bad-tlp.md'));
    expect(purple!.tlp).toBe('RED');
    expect(purple!.markings?.warnings).toEqual([expect.stringMatching(/unknown marking "purple"/)]);
  });

  it('reads the article of an HTML page with its meta tags, without navigation or scripts', async () => {
    const [draft] = await read(join(FIXTURES, 'advisory.html'));
    expect(draft).toMatchObject({
      sourceKind: 'html',
      title: 'APT28 relays through home routers',
      author: 'R. Tester',
      publisher: 'Test Outlet',
      url: 'https://outlet.test/apt28-routers',
      published: '2024-02-27T08:30:00Z',
    });
    expect(draft!.text).toContain('took over small office and home routers');
    expect(draft!.text).toContain('\n\n');
    expect(draft!.text).not.toMatch(/Today's deals|Privacy|script text/);
  });

  it('reads a PDF: text of its pages and its document info', async () => {
    const dir = tempDir();
    const path = join(dir, 'report.pdf');
    writeFileSync(
      path,
      makePdf(
        [
          'Sandworm used Industroyer2 against a Ukrainian utility.',
          'CaddyWiper was deployed as well.',
        ],
        {
          title: 'Sandworm and the grid',
          author: 'PDF Author',
          created: '2022-04-12',
        },
      ),
    );
    const [draft] = await read(path);
    expect(draft).toMatchObject({
      sourceKind: 'pdf',
      title: 'Sandworm and the grid',
      author: 'PDF Author',
      published: '2022-04-12',
    });
    expect(draft!.text).toContain('Sandworm used Industroyer2 against a Ukrainian utility.');
    expect(draft!.text).toContain('CaddyWiper');
  });

  it('keeps the spaces of a PDF whose font encodes the space as a control code', async () => {
    const dir = tempDir();
    const path = join(dir, 'glued.pdf');
    const line = (words: string) => words.replaceAll(' ', '\x03');
    writeFileSync(
      path,
      makePdf(
        [
          line('Sandworm deployed Industroyer2 against a Ukrainian utility.'),
          line('Kyiv lost power.'),
        ],
        {},
        'truetype',
      ),
    );
    const [draft] = await read(path);
    expect(draft!.text).toContain('Sandworm deployed Industroyer2 against a Ukrainian utility.');
    expect(draft!.text).toContain('Kyiv lost power.');
    expect(draft!.text).not.toContain('\x03');
  });

  it('rejects a file named .pdf that is not one, and a PDF with no text', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'fake.pdf'), 'hello, I am text');
    writeFileSync(join(dir, 'blank.pdf'), makePdf([]));
    await expect(read(join(dir, 'fake.pdf'))).rejects.toMatchObject({ code: 'invalid_pdf' });
    await expect(read(join(dir, 'blank.pdf'))).rejects.toMatchObject({
      code: 'empty_text',
      message: /no extractable text/,
    });
  });

  it('turns every report object of a STIX bundle into a report with its markings and linked objects', async () => {
    const drafts = await read(join(FIXTURES, 'bundle-two-reports.json'));
    expect(drafts).toHaveLength(2);
    const [gamaredon, turla] = drafts;
    expect(gamaredon).toMatchObject({
      sourceKind: 'stix',
      title: 'Gamaredon keeps phishing Ukrainian agencies',
      publisher: 'Test Harbor Labs',
      url: 'https://labs.test/gamaredon-april',
      tlp: 'AMBER',
      published: '2024-05-02T10:00:00.000Z',
    });
    expect(gamaredon!.text).toContain('Pterodo (malware): A backdoor family');
    expect(gamaredon!.linkedObjects!.map((o) => o.type).sort()).toEqual([
      'intrusion-set',
      'malware',
      'relationship',
    ]);
    expect(turla).toMatchObject({ title: 'Turla reuses Kazuar in Europe', tlp: 'CLEAR' });
    expect(turla!.linkedObjects!.map((o) => o.name)).toEqual(['Turla']);
  });

  it('reads a TLP 2.0 marking given only by its extension', async () => {
    const dir = tempDir();
    const bundle = JSON.parse(
      (await import('node:fs')).readFileSync(join(FIXTURES, 'bundle-two-reports.json'), 'utf8'),
    );
    bundle.objects[0] = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      created: '2022-10-01T00:00:00.000Z',
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
          extension_type: 'property-extension',
          tlp_2_0: 'amber+strict',
        },
      },
    };
    bundle.objects[2].object_marking_refs = [
      'marking-definition--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    ];
    writeFileSync(join(dir, 'tlp2.json'), JSON.stringify(bundle));
    const [first] = await read(join(dir, 'tlp2.json'));
    expect(first!.tlp).toBe('AMBER+STRICT');
  });

  it('reads a MISP event: info, galaxy names, attribute values and comments, tlp tag', async () => {
    const [draft] = await read(join(FIXTURES, 'misp-event.json'));
    expect(draft).toMatchObject({
      sourceKind: 'misp',
      title: 'Kimsuky spear-phishing wave against think tanks',
      publisher: 'Test Sharing Community',
      published: '2024-03-11',
      tlp: 'GREEN',
    });
    expect(draft!.text).toContain('Threat Actor: Kimsuky');
    expect(draft!.text).toContain(
      'Network activity / domain: login-verify.example.org - Credential phishing page',
    );
  });

  it.each([
    ['broken.json', '{"type": "bundle", "objects": [', 'invalid_json', /invalid JSON/],
    [
      'no-objects.json',
      '{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"}',
      'invalid_stix',
      /objects/,
    ],
    [
      'bad-id.json',
      '{"type": "bundle", "id": "nope", "objects": []}',
      'invalid_stix',
      /STIX identifier/,
    ],
    [
      'no-report.json',
      '{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": []}',
      'invalid_stix',
      /no report objects/,
    ],
    [
      'other.json',
      '{"hello": "world"}',
      'unsupported_type',
      /neither a STIX 2.1 bundle nor a MISP event/,
    ],
    ['bad-misp.json', '{"Event": {"date": "2024-01-01"}}', 'invalid_misp', /info/],
    ['notes.docx', 'PK fake office file', 'unsupported_type', /unsupported file type "\.docx"/],
    ['empty.md', '---\ntitle: Nothing here\n---\n\n   \n', undefined, undefined],
  ])('rejects %s with a clear reason', async (name, content, code, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, name), content);
    if (code === undefined) {
      // Empty text is caught later, when the report is prepared; the parser itself succeeds.
      await expect(read(join(dir, name))).resolves.toHaveLength(1);
      return;
    }
    await expect(read(join(dir, name))).rejects.toMatchObject({ code, message });
  });

  it('refuses binary content, broken UTF-8 and oversized files before parsing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'binary.txt'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10, 0x00]),
    );
    writeFileSync(
      join(dir, 'latin1.txt'),
      Buffer.from('Caf\xe9 attack on the r\xe9seau', 'latin1'),
    );
    writeFileSync(join(dir, 'big.txt'), 'APT29 '.repeat(1000));
    await expect(read(join(dir, 'binary.txt'))).rejects.toMatchObject({ code: 'binary_content' });
    await expect(read(join(dir, 'latin1.txt'))).rejects.toMatchObject({
      code: 'invalid_encoding',
      message: /not valid UTF-8.*offset 3/,
    });
    await expect(read(join(dir, 'big.txt'), { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'too_large',
      message: /over the 1000 bytes limit/,
    });
  });

  it('decodes UTF-16 text that carries a byte order mark', async () => {
    const dir = tempDir();
    const body = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Turla title\nTurla used Snake.', 'utf16le'),
    ]);
    writeFileSync(join(dir, 'utf16.txt'), body);
    const [draft] = await read(join(dir, 'utf16.txt'));
    expect(draft!.text).toBe('Turla title\nTurla used Snake.');
  });

  it('walks folders recursively in a stable order, skipping hidden entries, and reports missing paths', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'a.txt'), 'A');
    writeFileSync(join(dir, 'b', 'deep', 'c.md'), 'C');
    writeFileSync(join(dir, '.hidden.txt'), 'H');
    writeFileSync(join(dir, '.git', 'config'), 'G');
    const docs = await fileDocuments([dir, join(dir, 'missing.txt')], LIMIT);
    expect(docs.map((d) => d.origin)).toEqual([
      join(dir, 'a.txt'),
      join(dir, 'b', 'deep', 'c.md'),
      join(dir, 'missing.txt'),
    ]);
    await expect(docs[2]!.read()).rejects.toMatchObject({ code: 'not_found' });
  });
});
