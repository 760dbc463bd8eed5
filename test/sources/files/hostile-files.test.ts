/**
 * Inputs built to stall or crash the ingester: each is refused with the limit it crossed, quickly,
 * and the rest of the batch is read as usual.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileDocuments } from '../../../src/sources/files/file-documents.ts';
import {
  MAX_HTML_DEPTH,
  MAX_JSON_DEPTH,
  MAX_PDF_PAGES,
  MAX_STIX_OBJECTS,
} from '../../../src/sources/files/limits.ts';
import { ParserHost } from '../../../src/sources/files/parser-host.ts';
import { makePagedPdf } from '../../support/pdf.ts';

const LIMIT = { maxBytes: 20 * 1024 * 1024 };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'threatbrief-hostile-'));
}

const STIX_TIME = '2025-01-01T00:00:00.000Z';

/** A bundle with one report naming `named` malware objects. */
function stixBundle(named: number, extra: Record<string, unknown> = {}): string {
  const malware = Array.from({ length: named }, (_, i) => ({
    type: 'malware',
    spec_version: '2.1',
    id: `malware--${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    created: STIX_TIME,
    modified: STIX_TIME,
    name: `Loader${i}`,
    is_family: true,
  }));
  const report = {
    type: 'report',
    spec_version: '2.1',
    id: 'report--00000000-0000-4000-8000-00000000000a',
    created: STIX_TIME,
    modified: STIX_TIME,
    published: STIX_TIME,
    name: 'Sandworm loaders',
    description: 'Sandworm deployed a family of loaders against the grid operator.',
    object_refs: malware.map((m) => m.id),
    ...extra,
  };
  return JSON.stringify({
    type: 'bundle',
    id: 'bundle--00000000-0000-4000-8000-00000000000b',
    objects: [report, ...malware],
  });
}

async function outcome(path: string, options: Parameters<typeof fileDocuments>[1] = LIMIT) {
  const [doc] = await fileDocuments([path], options);
  try {
    return { ok: await doc!.read() };
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

describe('shape limits', () => {
  const dir = tempDir();

  it(`refuses a STIX bundle of more than ${MAX_STIX_OBJECTS} objects`, async () => {
    writeFileSync(join(dir, 'huge.json'), stixBundle(MAX_STIX_OBJECTS));
    expect(await outcome(join(dir, 'huge.json'))).toEqual({
      code: 'too_large',
      message: expect.stringMatching(/^the STIX bundle holds 10,001 objects; the limit is 10,000/),
    });
  });

  it('refuses JSON nested 100,000 deep, before parsing it', async () => {
    const deep = stixBundle(1).replace(
      '"name":"Sandworm loaders"',
      `"name":"Sandworm loaders","x_deep":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    writeFileSync(join(dir, 'deep.json'), deep);
    expect(await outcome(join(dir, 'deep.json'))).toEqual({
      code: 'too_large',
      message: `JSON nested more than ${MAX_JSON_DEPTH} levels deep; STIX and MISP need about ten`,
    });
  });

  it('refuses HTML nested deeper than browsers go, but not a long flat page', async () => {
    const nested = `<html><body>${'<div>'.repeat(MAX_HTML_DEPTH + 1)}Sandworm</body></html>`;
    writeFileSync(join(dir, 'nested.html'), nested);
    expect(await outcome(join(dir, 'nested.html'))).toMatchObject({
      code: 'too_large',
      message: expect.stringMatching(/^HTML elements nested more than 1,000 deep/),
    });
    // Paragraphs and list items close themselves: thousands of them are a long page, not a deep one.
    const flat = `<html><body><article><h1>Sandworm</h1>${'<p>Sandworm hit the grid.<li>again'.repeat(3000)}</article></body></html>`;
    writeFileSync(join(dir, 'flat.html'), flat);
    expect((await outcome(join(dir, 'flat.html'))).ok?.[0]?.text).toContain(
      'Sandworm hit the grid.',
    );
  });

  it(`refuses a PDF of more than ${MAX_PDF_PAGES} pages without reading them`, async () => {
    writeFileSync(join(dir, 'pages.pdf'), makePagedPdf(50_000));
    const started = performance.now();
    expect(await outcome(join(dir, 'pages.pdf'))).toEqual({
      code: 'too_large',
      message: 'the PDF has 50,000 pages; the limit is 1,000',
    });
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('refuses a named pipe instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    expect(await outcome(fifo)).toEqual({
      code: 'unsupported_type',
      message: 'a named pipe (FIFO), not a regular file',
    });
    const [inFolder] = await fileDocuments([dir], LIMIT).then((docs) =>
      docs.filter((d) => d.origin === fifo),
    );
    await expect(inFolder!.read()).rejects.toMatchObject({ code: 'unsupported_type' });
  });
});

describe('time and memory limits', () => {
  const dir = tempDir();
  const host = new ParserHost();
  afterAll(() => host.close());
  // About 250,000 elements: within the shape limits, seconds of DOM work.
  writeFileSync(
    join(dir, 'a-slow.html'),
    `<html><body>${'<span>Sandworm</span> '.repeat(120_000)}</body></html>`,
  );
  writeFileSync(join(dir, 'b-fine.txt'), 'Sandworm note\n\nSandworm attacked a grid operator.');
  const event = {
    Event: {
      info: 'A very large event',
      Attribute: Array.from({ length: 150_000 }, (_, i) => ({
        type: 'comment',
        value: `value ${i} padded with some words`,
      })),
    },
  };
  writeFileSync(join(dir, 'c-big.json'), JSON.stringify(event));

  it('stops a parse past its deadline, and the next file of the batch is read by a fresh worker', async () => {
    const docs = await fileDocuments([join(dir, 'a-slow.html'), join(dir, 'b-fine.txt')], {
      ...LIMIT,
      parser: host,
      parseTimeoutMs: 150,
    });
    await expect(docs[0]!.read()).rejects.toMatchObject({
      code: 'too_large',
      message: 'parsing it took longer than 150 ms, the limit for one file',
    });
    const [draft] = await docs[1]!.read();
    expect(draft!.text).toContain('attacked a grid operator');
  });

  it('rejects a file whose parse needs more than the heap limit, then reads the next', async () => {
    const docs = await fileDocuments([join(dir, 'c-big.json'), join(dir, 'b-fine.txt')], {
      ...LIMIT,
      parser: host,
      // The worker itself needs about 20 MB to start (at 16 MB it sometimes cannot): 32 MB lets
      // it start every time, and this event needs far more.
      parseMemoryMb: 32,
    });
    await expect(docs[0]!.read()).rejects.toMatchObject({
      code: 'too_large',
      message: 'parsing it needed more than 32 MB of memory',
    });
    expect((await docs[1]!.read())[0]!.text).toContain('Sandworm attacked a grid operator.');
  });
});

describe('folders', () => {
  it('gives a symbolic link inside a folder its own result, and follows one named on the command line', async () => {
    const dir = tempDir();
    const elsewhere = tempDir();
    writeFileSync(join(elsewhere, 'target.txt'), 'Target note\n\nTurla used Snake.');
    writeFileSync(join(dir, 'a.txt'), 'A note\n\nAPT28 used X-Agent.');
    symlinkSync(join(elsewhere, 'target.txt'), join(dir, 'link.txt'));
    const docs = await fileDocuments([dir, join(dir, 'link.txt')], LIMIT);
    expect(docs.map((d) => d.origin)).toEqual([
      join(dir, 'a.txt'),
      join(dir, 'link.txt'),
      join(dir, 'link.txt'),
    ]);
    await expect(docs[1]!.read()).rejects.toMatchObject({
      code: 'unsupported_type',
      message: 'a symbolic link, not followed inside a folder (name its target to ingest it)',
    });
    expect((await docs[2]!.read())[0]!.text).toContain('Turla used Snake.');
  });

  it('reports a folder it cannot read as one entry and ingests the rest (CLI, as an unprivileged user)', () => {
    // Root reads any folder, so as root the command runs as "nobody", who cannot open a 000 folder.
    const asRoot = process.getuid?.() === 0;
    const dir = tempDir();
    const dbDir = tempDir();
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'secret.txt'), 'Hidden note\n\nAPT29 used WellMess.');
    writeFileSync(join(dir, 'open.txt'), 'Open note\n\nAPT28 used X-Agent.');
    chmodSync(join(dir, 'locked'), 0o000);
    chmodSync(dir, 0o755);
    chmodSync(dbDir, 0o777);
    let stdout: string;
    try {
      stdout = execFileSync(
        process.execPath,
        [
          join(import.meta.dirname, '../../../bin/threatbrief.js'),
          'ingest',
          dir,
          '--db',
          join(dbDir, 'db.sqlite'),
          '--json',
        ],
        { encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) },
      );
      expect.unreachable('a rejected entry exits 1');
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      expect(failed.stderr).toBe('');
      expect(failed.status).toBe(1);
      stdout = failed.stdout;
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
    const summary = JSON.parse(stdout);
    expect(summary.ingested).toBe(1);
    expect(summary.rejected).toEqual([
      {
        path: join(dir, 'locked'),
        code: 'unreadable',
        error: 'cannot read this folder: permission denied (EACCES)',
      },
    ]);
  });
});

describe('many named objects', () => {
  it('stores a STIX report naming 600 objects (one SQL parameter, not 600 OR clauses)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'many.json'), stixBundle(600));
    const { cli, tempDb } = await import('../../support/cli.ts');
    const run = cli(tempDb());
    const first = await run('ingest', join(dir, 'many.json'), '--json');
    expect(first.json()).toMatchObject({ ingested: 1, rejected: [] });
    // A second report naming the same objects is clustered against the first through that query.
    writeFileSync(
      join(dir, 'again.json'),
      stixBundle(600, { description: 'Sandworm deployed the loaders again in a later wave.' }),
    );
    const second = await run('ingest', join(dir, 'again.json'), '--json');
    expect(second.json()).toMatchObject({ ingested: 1, rejected: [] });
  });
});
