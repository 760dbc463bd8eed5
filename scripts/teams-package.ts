/**
 * @module `npm run teams:package [-- --out FILE]`: the Teams app package to sideload or upload,
 * `teams/threatbrief-teams.zip` with manifest.json and both icons at its root. `{{NAME}}`
 * placeholders in teams/manifest.json are filled from the environment (and `.env`); the app id is
 * required, the developer details have defaults good enough for sideloading.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { crc32, deflateRawSync } from 'node:zlib';
import { readEnvironment } from '../src/config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const TEAMS_DIR = join(ROOT, 'teams');
export const DEFAULT_OUT = join(TEAMS_DIR, 'threatbrief-teams.zip');
const ICONS = ['color.png', 'outline.png'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {}

/** Values for the placeholders: the app id from the environment, the rest defaulted. */
export function placeholderValues(env: Record<string, string | undefined>): Record<string, string> {
  const set = (name: string) => env[name]?.trim() || undefined;
  const appId = set('MicrosoftAppId');
  if (!appId) {
    throw new PackageError(
      "MicrosoftAppId is not set: the package names your Azure Bot. Set MicrosoftAppId (the bot's Microsoft App ID, a GUID) in the environment or .env and run again.",
    );
  }
  if (!GUID.test(appId))
    throw new PackageError(`MicrosoftAppId "${appId}" is not a GUID (xxxxxxxx-xxxx-...)`);
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const website = set('TEAMS_DEVELOPER_URL') ?? 'https://example.com/threatbrief';
  return {
    MicrosoftAppId: appId,
    TEAMS_APP_VERSION: set('TEAMS_APP_VERSION') ?? packageJson.version,
    TEAMS_DEVELOPER_NAME: set('TEAMS_DEVELOPER_NAME') ?? 'ThreatBrief',
    TEAMS_DEVELOPER_URL: website,
    TEAMS_PRIVACY_URL: set('TEAMS_PRIVACY_URL') ?? website,
    TEAMS_TERMS_URL: set('TEAMS_TERMS_URL') ?? website,
  };
}

/** Fills `{{NAME}}` inside JSON strings; an unknown placeholder is an error, not an empty string. */
export function fillManifest(template: string, values: Record<string, string>): string {
  const missing = new Set<string>();
  const filled = template.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0)
    throw new PackageError(
      `teams/manifest.json uses unknown placeholders: ${[...missing].join(', ')}`,
    );
  return `${JSON.stringify(JSON.parse(filled), null, 2)}\n`;
}

// A fixed timestamp (2026-01-01 00:00) so the same inputs always give the same zip.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;

/** A zip of deflated files, written by hand: local headers, the central directory, its end record. */
export function zip(files: readonly { name: string; data: Buffer }[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const packed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, packed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(DEFLATE, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(file.data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    directory.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const central = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, central, end]);
}

export function buildTeamsPackage(options: {
  env: Record<string, string | undefined>;
  out?: string;
}): { out: string; manifest: Record<string, unknown> } {
  const template = readFileSync(join(TEAMS_DIR, 'manifest.json'), 'utf8');
  const manifest = fillManifest(template, placeholderValues(options.env));
  for (const icon of ICONS)
    if (!existsSync(join(TEAMS_DIR, icon))) throw new PackageError(`teams/${icon} is missing`);
  const out = options.out ?? DEFAULT_OUT;
  writeFileSync(
    out,
    zip([
      { name: 'manifest.json', data: Buffer.from(manifest, 'utf8') },
      ...ICONS.map((icon) => ({ name: icon, data: readFileSync(join(TEAMS_DIR, icon)) })),
    ]),
  );
  return { out, manifest: JSON.parse(manifest) as Record<string, unknown> };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  try {
    const { out, manifest } = buildTeamsPackage({
      env: readEnvironment(),
      out: values.out ? resolve(values.out) : undefined,
    });
    console.log(
      `wrote ${relative(process.cwd(), out) || out} (manifest.json, ${ICONS.join(', ')}) for app ${String(manifest.id)}, version ${String(manifest.version)}`,
    );
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`teams:package: ${error.message}`);
    process.exitCode = 2;
  }
}
