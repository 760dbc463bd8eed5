import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { cli, tempDb } from '../support/cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const EXAMPLES = join(ROOT, 'examples/reports');
const EXAMPLE_COUNT = readdirSync(EXAMPLES).length;

describe('threatbrief ingest', () => {
  it('stores the examples once; a second run finds only duplicates', async () => {
    const run = cli(tempDb());
    const first = await run('ingest', EXAMPLES, '--json');
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ ingested: EXAMPLE_COUNT, duplicates: 0, rejected: [] });

    const again = await run('ingest', EXAMPLES);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`0 stored, ${EXAMPLE_COUNT} duplicates, 0 rejected`);
    expect(again.stdout).toMatch(
      /duplicate {2}.*phantom-taurus-cyber-desk\.md: already stored as [0-9a-f]{16}/,
    );

    const listed = (await run('reports', '--json')).json();
    expect(listed.count).toBe(EXAMPLE_COUNT);
  });

  it('rejects each bad input with its reason and exit 1, and leaves the database unchanged', async () => {
    const db = tempDb();
    const run = cli(db, { INGEST_MAX_BYTES: '2KB' });
    await run('ingest', join(EXAMPLES, 'apt29-microsoft-breach.md'));
    const before = (await run('reports', '--json')).json();

    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-bad-'));
    const bad: Record<string, string | Buffer> = {
      'slides.pptx': 'PK',
      'empty.txt': '   \n\n  ',
      'huge.txt': 'Sandworm '.repeat(400),
      'latin1.txt': Buffer.from('R\xe9sum\xe9 of the attack', 'latin1'),
      'image.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'broken.json': '{"type": "bundle", ',
      'not-stix.json': '{"type": "bundle", "id": "bundle--x", "objects": []}',
    };
    for (const [name, content] of Object.entries(bad)) writeFileSync(join(dir, name), content);

    const result = await run('ingest', dir, join(dir, 'nowhere.md'), '--json');
    expect(result.code).toBe(1);
    const summary = result.json();
    expect(summary.ingested).toBe(0);
    const reasons = Object.fromEntries(
      summary.rejected.map((r: { path: string; code: string }) => [
        r.path.split('/').pop(),
        r.code,
      ]),
    );
    expect(reasons).toEqual({
      'broken.json': 'invalid_json',
      'empty.txt': 'empty_text',
      'huge.txt': 'too_large',
      'image.txt': 'binary_content',
      'latin1.txt': 'invalid_encoding',
      'not-stix.json': 'invalid_stix',
      'slides.pptx': 'unsupported_type',
      'nowhere.md': 'not_found',
    });
    for (const r of summary.rejected) expect(r.error).toMatch(/\w{4,}/);

    const text = await run('ingest', dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/rejected {3}.*huge\.txt: 3\.5 KB is over the 2\.0 KB limit/);
    expect(text.stdout).toMatch(/rejected {3}.*latin1\.txt: not valid UTF-8/);
    expect(text.stderr).toBe('');

    expect((await run('reports', '--json')).json()).toEqual(before);
  });

  it('one bad file does not stop the batch', async () => {
    const run = cli(tempDb());
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-mixed-'));
    writeFileSync(join(dir, 'a-good.txt'), 'APT41 note\nAPT41 went after game studios.');
    writeFileSync(join(dir, 'b-bad.json'), '{nope');
    writeFileSync(join(dir, 'c-good.txt'), 'Turla note\nTurla used Snake against ministries.');
    const result = await run('ingest', dir, '--json');
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({
      ingested: 2,
      duplicates: 0,
      rejected: [{ path: join(dir, 'b-bad.json') }],
    });
  });

  it('applies --tlp, --publisher and --reliability to what the documents leave open', async () => {
    const run = cli(tempDb());
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-flags-'));
    writeFileSync(join(dir, 'note.txt'), 'Internal note\nAPT33 scanned our VPN.');
    await run('ingest', dir, '--tlp', 'amber', '--publisher', 'Our SOC', '--reliability', 'b');
    const [report] = (await run('reports', '--json')).json().reports;
    expect(report).toMatchObject({
      tlp: 'AMBER',
      publisher: 'Our SOC',
      reliability: 'B',
      title: 'Internal note',
    });
  });

  it.each([
    [['ingest'], /name at least one file or folder/],
    [['ingest', 'x', '--tlp', 'purple'], /--tlp "purple" is not a TLP label/],
    [['ingest', 'x', '--reliability', 'Z'], /not an Admiralty grade/],
    [['ingest', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['reports', '--since', 'whenever'], /neither a duration/],
    [['search'], /give something to search for/],
    [['search', 'x', '--limit', '0'], /--limit must be/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('explains a usage mistake: %j', async (argv, message) => {
    const result = await cli(tempDb())(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('threatbrief reports and search', () => {
  it('finds the Phantom Taurus Exchange passage with its report metadata', async () => {
    const run = cli(tempDb());
    await run('ingest', EXAMPLES);
    const result = await run('search', 'Exchange', '--json');
    expect(result.code).toBe(0);
    const top = result.json().results[0];
    expect(top).toMatchObject({
      publisher: 'Cyber Desk Weekly',
      tlp: 'CLEAR',
      reliability: 'C',
      published: '2025-10-01T00:00:00.000Z',
    });
    expect(top.title).toMatch(/Unit 42/);
    expect(top.snippet).toMatch(/Exchange/);
    const text = await run('search', 'Phantom Taurus');
    expect(text.stdout).toMatch(
      /1\. .*\n {3}(Cyber Desk Weekly|BriefStream) · 2025-10-0[12] · TLP:CLEAR · reliability [CE]/,
    );
  });

  it('holds back passages above the clearance and says how many reports it left out', async () => {
    const run = cli(tempDb());
    await run('ingest', EXAMPLES);
    const result = (await run('search', 'Volt Typhoon', '--clearance', 'clear', '--json')).json();
    expect(result.results.every((r: { tlp: string }) => r.tlp === 'CLEAR')).toBe(true);
    expect(result.withheld).toBe(1);
    const text = await run('search', 'Volt Typhoon', '--clearance', 'clear');
    expect(text.stdout).toContain('1 matching report is above TLP:CLEAR and left out.');
  });

  it('lists reports ingested since a duration', async () => {
    const clock = fixedClock('2026-11-01T00:00:00Z');
    const db = tempDb();
    const run = cli(db, {}, clock);
    await run('ingest', join(EXAMPLES, 'lockbit-cronos.md'));
    clock.set('2026-11-20T00:00:00Z');
    await run('ingest', join(EXAMPLES, 'lazarus-bybit-heist.md'));
    const recent = (await run('reports', '--since', '7d', '--json')).json();
    expect(recent.reports.map((r: { title: string }) => r.title)).toEqual([
      expect.stringMatching(/Bybit/),
    ]);
    const all = await run('reports', '--since', '2026-10-01');
    expect(all.stdout).toMatch(/2 reports/);
  });
});

describe('the installed command', () => {
  it('runs through bin/threatbrief.js with an exit status and no stack trace for bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-bin-'));
    writeFileSync(join(dir, 'bad.json'), '{');
    const result = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'bin/threatbrief.js'), 'ingest', join(dir, 'bad.json')],
      {
        env: { ...process.env, THREATBRIEF_DB: join(dir, 'db.sqlite') },
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(result).toMatchObject({ code: 1 });
    expect(result.stdout).toMatch(/rejected {3}.*bad\.json: invalid JSON/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
