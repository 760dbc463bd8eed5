/**
 * A machine whose own Node is older than 24: the package brings Node 24 for npm scripts, and the
 * command run directly by the old Node says what to do in one line instead of a loader error.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/threatbrief.js');

/** The first Node older than 24 among the usual system places (Debian's is 20). */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['-p', 'process.versions.node']).toString().trim();
    if (Number(version.split('.')[0]) < 24) return candidate;
  }
  return undefined;
}

const old = olderNode();

describe('Node version', () => {
  it('depends on Node 24 from the registry, with its install script approved', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.dependencies.node).toMatch(/^\^24\./);
    expect(pkg.allowScripts.node).toBe(true);
    expect(pkg.scripts.start).toMatch(/^node bin\/threatbrief\.js start$/);
  });

  // Needs a Node older than 24 on the machine; this one has none (CI's Debian image has 20).
  it.skipIf(!old)('an older Node gets one clear line and exit 2, nothing else', () => {
    const run = spawnSync(old!, [BIN, 'actor', 'Phantom Taurus'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^threatbrief needs Node\.js 24 or newer, and this is v\d+\./);
    expect(lines[0]).toContain('npm start');
  });
});
