/**
 * The acceptance case the project started from: the two real news write-ups of Unit 42's Phantom
 * Taurus research, ingested as plain text exactly as a user would drop them in. They are not part
 * of this repository (see ../shared/seeds/README.md); THREATBRIEF_SEEDS points elsewhere.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/model/answer.ts';
import { cli, tempDb } from '../support/cli.ts';

const SEEDS = process.env.THREATBRIEF_SEEDS ?? join(import.meta.dirname, '../../../shared/seeds');
const present = existsSync(SEEDS) && readdirSync(SEEDS).some((f) => f.endsWith('.txt'));

describe.skipIf(!present)(
  `the seed articles as given${present ? '' : ` (skipped: no seed articles at ${SEEDS}; set THREATBRIEF_SEEDS)`}`,
  () => {
    let profile: Answer;
    let db: string;

    beforeAll(async () => {
      db = tempDb();
      const files = readdirSync(SEEDS)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => join(SEEDS, f));
      const ingest = await cli(db)('ingest', ...files, '--json');
      expect(ingest.json().ingested).toBe(2);
      profile = (await cli(db)('actor', 'Phantom Taurus', '--json')).json();
    });

    it('counts one originating team carried by two outlets, never the outlet that broke the story', () => {
      const [china] = profile.attribution;
      expect(china).toMatchObject({
        subject: 'Phantom Taurus',
        attributedTo: expect.stringMatching(/^China/),
      });
      expect(china!.basis).toMatch(/one originating source \(Unit 42\) reported by two outlets/);
      expect(china!.basis).not.toMatch(/Bloomberg/);
      expect(china!.basis).toMatch(/reliability not judged/);
    });

    it("shows the embassy's dismissal in the basis without counting it", () => {
      expect(profile.attribution[0]!.basis).toMatch(/denied by the Chinese Embassy \[\d\]/);
      expect(profile.attribution[0]!.deniedBy).toEqual(['Chinese Embassy']);
    });

    it('marks the article that says it is AI-generated, and titles both from their openings', () => {
      const marked = profile.citations.filter((c) => c.aiGenerated);
      expect(marked).toHaveLength(1);
      expect(marked[0]!.title).toMatch(/^A Chinese state-sponsored hacking group/);
      expect(profile.attribution[0]!.basis).toMatch(/AI-generated outlet only/);
      for (const c of profile.citations) expect(c.title).not.toMatch(/^\d{3}_[0-9a-f]+/);
    });

    it('shows that the sources date the start of activity differently', () => {
      const disagree = profile.sections.find((s) => s.title === 'Sources disagree');
      expect(disagree?.claims[0]?.text).toMatch(
        /"since 2023".*"for nearly three years"|"for nearly three years".*"since 2023"/,
      );
      expect(disagree?.claims[0]?.citations).toHaveLength(2);
    });

    it('names its malware, its targets and the Exchange servers, and knows it as CL-STA-0043', async () => {
      const text = profile.sections.flatMap((s) => s.claims.map((c) => c.text)).join('\n');
      expect(text).toMatch(/NET-STAR/);
      expect(text).toMatch(/Specter/);
      expect(text).toMatch(/Microsoft Exchange/);
      expect(text).toMatch(/Africa/);
      expect(profile.summary).toMatch(/CL-STA-0043/);
      const alias = (await cli(db)('actor', 'CL-STA-0043', '--json')).json<Answer>();
      expect(alias.title).toBe('Phantom Taurus');
    });
  },
);
