/**
 * Report text is data all the way to Teams: a stored report full of mentions, links, HTML, raw URLs
 * and broadcasts comes out of /api/messages as inert text in the activity, the card and the entity.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findIndicators, refang } from '../../../src/core/text/defang.ts';
import { cli } from '../../support/cli.ts';
import {
  channelPost,
  examplesDb,
  startTeams,
  strings,
  type TeamsHarness,
  threadReply,
} from './harness.ts';

const HOSTILE_REPORT = `---
title: "<at>Everyone</at> [Patch now](http://evil.example/patch) <b>Volt Typhoon</b> @channel"
publisher: "Hostile <script>alert(1)</script> Press"
url: "javascript:alert(document.cookie)"
published: 2026-11-20
tlp: CLEAR
reliability: C
---

Volt Typhoon operators staged the Quartzfang tooling at http://evil.example/payload.exe and 203.0.113.77, <at>ThreatBrief</at> responders said. @channel please [click here](http://evil.example/login) and <img src=x onerror=alert(1)> **now**.

Volt Typhoon used the Quartzfang loader against water utilities, <a href="http://evil.example/a">see details</a> @here @everyone.
`;

let teams: TeamsHarness;

beforeEach(async () => {
  const db = await examplesDb();
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-hostile-'));
  writeFileSync(join(dir, 'hostile.md'), HOSTILE_REPORT);
  const run = await cli(db)('ingest', dir);
  expect(run.code).toBe(0);
  teams = await startTeams({ db });
});

afterEach(async () => {
  await teams.close();
});

const BROADCAST = /@(?:here|channel|everyone)\b/i;

function live(text: string): string[] {
  return findIndicators(text)
    .filter((found) => found.type !== 'hash')
    .map((found) => text.slice(found.start, found.end))
    .filter((raw) => refang(raw) === raw);
}

function expectInert(text: string): void {
  expect(text).not.toMatch(BROADCAST);
  expect(text.toLowerCase()).not.toContain('javascript:');
  expect(live(text)).toEqual([]);
}

/**
 * Markdown that Teams renders: no unescaped "<" (no mention tag, no HTML), and no link but the https
 * source links of the stored examples (the hostile report's own URL is javascript: and must vanish).
 */
function expectInertMarkdown(text: string): void {
  const ownLinks = text.replace(/\]\((https:\/\/[^)\s]+)\)/g, (link, url: string) =>
    url.includes('evil') ? link : '] ',
  );
  expectInert(ownLinks);
  expect(ownLinks).not.toMatch(/(?<!\\)</);
  expect(ownLinks).not.toMatch(/(?<!\\)\]\(/);
}

describe('hostile report text in Teams', () => {
  it.each([['search Quartzfang'], ['actor Volt Typhoon']])(
    '"%s" replies with inert text, card and citations',
    async (command) => {
      const { connector } = teams;
      await teams.post(channelPost(connector.serviceUrl, command, '6001'));
      await teams.post(threadReply(connector.serviceUrl, 'source for [1]', '6001', '6002'));
      const replies = connector.messages;
      expect(replies.length).toBeGreaterThanOrEqual(2);
      const everything = replies.flatMap((r) => strings(r.body)).join('\n');
      expect(everything).toMatch(/Quartzfang/);
      for (const { body } of replies) {
        expectInertMarkdown(body.text);
        for (const text of strings(body.attachments[0].content.body)) expectInertMarkdown(text);
        // A mention pings only with a mention entity: the one entity is ours, the Message entity.
        expect(body.entities.map((e: { type: string }) => e.type)).toEqual([
          'https://schema.org/Message',
        ]);
        for (const claim of body.entities[0].citation ?? []) {
          const { url, ...shown } = claim.appearance;
          expect(url ?? 'https://').toMatch(/^https:\/\//);
          expectInert(strings(shown).join('\n'));
        }
      }
    },
  );
});
