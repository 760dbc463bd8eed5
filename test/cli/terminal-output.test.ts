/**
 * What search, reports, extract and ingest print is report text and file names, both untrusted: no
 * escape sequence or bidi control reaches the terminal, and indicators come out defanged, as in `ask`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDb } from '../support/cli.ts';

const ESC = '\x1b';
const CLEAR_SCREEN = `${ESC}[2J${ESC}[H`;
const WINDOW_TITLE = `${ESC}]0;owned${'\x07'}`;
const RTL_OVERRIDE = '\u202e';

const HOSTILE = `---
title: "Sandworm ${CLEAR_SCREEN}returns ${WINDOW_TITLE}to Kyiv ${RTL_OVERRIDE}fdp.exe"
publisher: "Evil ${ESC}[31mRed${ESC}[0m Press"
published: 2025-09-01
---

Sandworm operators staged payloads at http://update-check.example.com/kyiv/drop.bin ${CLEAR_SCREEN}and
sent beacons to 203.0.113.77 before the ${RTL_OVERRIDE}wiper${'\u202c'} ran. Sandworm is attributed to the
GRU by Mandiant ${WINDOW_TITLE}with high confidence.
`;

function assertSafe(output: string) {
  expect(output).not.toContain(ESC);
  expect(output).not.toContain('\x07');
  expect(output).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  expect(output).not.toContain('http://update-check.example.com');
  expect(output).not.toContain('203.0.113.77');
}

describe('terminal output of report text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-hostile-'));
  // A file name with a newline and an escape sequence in it: shown visibly, never obeyed.
  const file = join(dir, `sandworm\n${ESC}[2Jreport.md`);
  writeFileSync(file, HOSTILE);
  const run = cli(tempDb());

  it('ingest names the file with visible escapes and stores it', async () => {
    const result = await run('ingest', file, join(dir, `missing${RTL_OVERRIDE}.md`));
    expect(result.code).toBe(1);
    assertSafe(result.stdout + result.stderr);
    expect(result.stdout).toContain('rejected   ');
    expect(result.stdout).toContain('missing\\u202e.md: no such file or folder');
    expect(result.stdout).toMatch(/^1 stored, 0 duplicates, 1 rejected/m);

    const again = await run('ingest', file);
    assertSafe(again.stdout);
    expect(again.stdout).toContain('sandworm\\n\\x1b[2Jreport.md: already stored');
    expect(again.stdout).toContain('"Sandworm returns to Kyiv fdp.exe"');
  });

  it('reports lists the title and publisher without escapes', async () => {
    const result = await run('reports');
    assertSafe(result.stdout);
    expect(result.stdout).toContain('Evil Red Press');
    expect(result.stdout).toContain('Sandworm returns to Kyiv fdp.exe');
  });

  it('search shows snippets escaped and defanged, also where a match falls inside an indicator', async () => {
    for (const query of ['payloads', 'update-check', 'beacons', 'wiper']) {
      const result = await run('search', query);
      expect(result.code).toBe(0);
      assertSafe(result.stdout);
    }
    const staged = await run('search', 'staged payloads');
    expect(staged.stdout).toContain('hxxp://update-check[.]example[.]com/kyiv/drop.bin');
    const inside = await run('search', 'update-check');
    expect(inside.stdout).toContain('«hxxp://update-check[.]example[.]com/kyiv/drop.bin»');
    const beacons = await run('search', 'beacons');
    expect(beacons.stdout).toContain('203.0.113[.]77');
  });

  it('extract prints title, quotes and indicators escaped and defanged', async () => {
    const result = await run('extract', file);
    expect(result.code).toBe(0);
    assertSafe(result.stdout);
    expect(result.stdout).toMatch(/^indicators .*203\.0\.113\[\.\]77/m);
    expect(result.stdout).toContain('Sandworm returns to Kyiv fdp.exe');
  });

  it('an error about a hostile file name shows the name, not its effect', async () => {
    const result = await run('extract', join(dir, `gone${ESC}]0;x${'\x07'}.md`));
    expect(result.code).toBe(2);
    assertSafe(result.stderr);
    expect(result.stderr).toContain('\\x1b]0;x\\x07');
  });
});
