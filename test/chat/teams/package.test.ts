/**
 * The Teams app package: the script's zip is read back through its central directory, and its
 * manifest and icons are checked against what Teams requires of an uploaded app.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildTeamsPackage, fillManifest } from '../../../scripts/teams-package.ts';

const SCRIPT = join(import.meta.dirname, '../../../scripts/teams-package.ts');
const APP_ID = '3f8c1a52-7d0e-4b8e-9a77-2b1c6f0d9e41';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HTTPS = /^https:\/\/[^\s]+$/;

/** Reads a zip the way unzip does: find the end record, walk the central directory, inflate. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + packedSize);
    const data = method === 8 ? inflateRawSync(packed) : Buffer.from(packed);
    expect(data.length).toBe(size);
    files.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

interface Png {
  width: number;
  height: number;
  colorType: number;
  pixels: Buffer;
}

/** Decodes an 8-bit RGBA PNG (what Teams icons should be) into raw pixels. */
function readPng(data: Buffer): Png {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  expect(data.toString('ascii', 12, 16)).toBe('IHDR');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const colorType = data[25]!;
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    if (data.toString('ascii', at + 4, at + 8) === 'IDAT')
      idat.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, colorType, pixels };
}

// biome-ignore lint/suspicious/noExplicitAny: the manifest is checked field by field below
function expectValidManifest(manifest: any): void {
  expect(manifest.$schema).toMatch(/^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\//);
  expect(manifest.manifestVersion).toMatch(/^1\.\d+$/);
  expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/`);
  expect(manifest.id).toMatch(GUID);
  expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
  expect(manifest.name.short.length).toBeGreaterThan(0);
  expect(manifest.name.short.length).toBeLessThanOrEqual(30);
  expect(manifest.name.full.length).toBeLessThanOrEqual(100);
  expect(manifest.description.short.length).toBeGreaterThan(0);
  expect(manifest.description.short.length).toBeLessThanOrEqual(80);
  expect(manifest.description.full.length).toBeGreaterThan(0);
  expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
  expect(manifest.developer.name.length).toBeGreaterThan(0);
  expect(manifest.developer.name.length).toBeLessThanOrEqual(32);
  for (const url of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'])
    expect(manifest.developer[url]).toMatch(HTTPS);
  expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
  expect(manifest.validDomains).toBeInstanceOf(Array);

  expect(manifest.bots).toHaveLength(1);
  const [bot] = manifest.bots;
  expect(bot.botId).toBe(manifest.id);
  expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
  expect(bot.commandLists.length).toBeGreaterThan(0);
  expect(bot.commandLists.length).toBeLessThanOrEqual(3);
  const listed = new Set<string>();
  for (const list of bot.commandLists) {
    for (const scope of list.scopes) expect(bot.scopes).toContain(scope);
    expect(list.commands.length).toBeLessThanOrEqual(10);
    for (const command of list.commands) {
      expect(command.title.length).toBeGreaterThan(0);
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
      listed.add(command.title);
    }
  }
  for (const title of ['actor', 'ask', 'search', 'digest now', 'watch', 'help'])
    expect(listed).toContain(title);
}

describe('the Teams app package', () => {
  it('zips manifest.json and both icons at the root, with a manifest Teams accepts', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'threatbrief-teams-')), 'package.zip');
    buildTeamsPackage({ env: { MicrosoftAppId: APP_ID }, out });
    const files = unzip(readFileSync(out));
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);

    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    expectValidManifest(manifest);
    expect(manifest.id).toBe(APP_ID);
    expect(JSON.stringify(manifest)).not.toContain('{{');

    const color = readPng(files.get('color.png')!);
    expect([color.width, color.height, color.colorType]).toEqual([192, 192, 6]);
    const outline = readPng(files.get('outline.png')!);
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    // Outline: white on transparent, nothing else (any colour shows up wrong on Teams' themes).
    let opaque = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      opaque++;
      expect([r, g, b]).toEqual([255, 255, 255]);
    }
    expect(opaque).toBeGreaterThan(50);
    // The colour icon is a full square: no transparent corners.
    expect(color.pixels[3]).toBe(255);
  });

  it('is the same bytes for the same inputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-teams-'));
    const env = { MicrosoftAppId: APP_ID, TEAMS_APP_VERSION: '1.2.3' };
    buildTeamsPackage({ env, out: join(dir, 'a.zip') });
    buildTeamsPackage({ env, out: join(dir, 'b.zip') });
    expect(readFileSync(join(dir, 'a.zip'))).toEqual(readFileSync(join(dir, 'b.zip')));
  });

  it('fills developer details from the environment and refuses unknown placeholders', () => {
    const filled = JSON.parse(
      fillManifest('{"a": "{{X}}", "b": "x{{ X }}y"}', { X: 'say "hi"\\' }),
    ) as Record<string, string>;
    expect(filled).toEqual({ a: 'say "hi"\\', b: 'xsay "hi"\\y' });
    expect(() => fillManifest('{"a": "{{NOPE}}"}', {})).toThrow(/unknown placeholders: NOPE/);

    const out = join(mkdtempSync(join(tmpdir(), 'threatbrief-teams-')), 'package.zip');
    const { manifest } = buildTeamsPackage({
      env: {
        MicrosoftAppId: APP_ID,
        TEAMS_DEVELOPER_NAME: 'Contoso SOC',
        TEAMS_DEVELOPER_URL: 'https://soc.contoso.example',
        TEAMS_PRIVACY_URL: 'https://soc.contoso.example/privacy',
      },
      out,
    });
    expect(manifest.developer).toEqual({
      name: 'Contoso SOC',
      websiteUrl: 'https://soc.contoso.example',
      privacyUrl: 'https://soc.contoso.example/privacy',
      termsOfUseUrl: 'https://soc.contoso.example',
    });
  });

  it('the script refuses, with exit status 2 and a clear message, when the app id is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'threatbrief-teams-'));
    const out = join(dir, 'package.zip');
    const { MicrosoftAppId: _, ...env } = process.env;
    const run = promisify(execFile);
    const failure = await run(process.execPath, [SCRIPT, '--out', out], { cwd: dir, env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/MicrosoftAppId is not set/);
    expect(existsSync(out)).toBe(false);

    const ok = await run(process.execPath, [SCRIPT, '--out', out], {
      cwd: dir,
      env: { ...env, MicrosoftAppId: APP_ID },
    });
    expect(ok.stdout).toMatch(/wrote .*package\.zip/);
    expect(unzip(readFileSync(out)).size).toBe(3);
  });
});
