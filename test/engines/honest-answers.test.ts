/**
 * Questions answered only from what stored reports say: an identifier nobody reported gets "no
 * stored report covers that", a CVE question answers from the reports naming the CVE, two actors
 * asked about together need reports naming both, "this week" reads the reporting period.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/model/answer.ts';
import { cli } from '../support/cli.ts';
import { examplesDb } from '../support/fixture-dbs.ts';

let ask: (question: string, ...flags: string[]) => Promise<Answer>;

beforeAll(async () => {
  const run = cli(await examplesDb(), {});
  ask = async (question, ...flags) => (await run('ask', question, '--json', ...flags)).json();
});

describe('honest answers', () => {
  it.each([
    ['anything on CVE-2021-44228?', /No stored report covers CVE-2021-44228/],
    ['have we seen 203.0.113.250 anywhere?', /No stored report covers 203\.0\.113\[\.\]250/],
    ['iocs for Pikabot', /No stored report covers/],
    [
      'which reports name both Lazarus and Sandworm?',
      /No stored report covers Lazarus Group and Sandworm Team/,
    ],
  ])('%s', async (question, summary) => {
    const answer = await ask(question);
    expect(answer.kind).toBe('not-found');
    expect(answer.summary).toMatch(summary);
    expect(answer.citations).toEqual([]);
  });

  it('answers a CVE question from the reports that name the CVE, with the actor bound to it', async () => {
    const answer = await ask('which actors exploit CVE-2023-42793?');
    const text = JSON.stringify(answer.sections);
    expect(text).toMatch(/APT29/);
    for (const c of answer.citations)
      expect(c.quotes.join(' ')).toMatch(/CVE-2023-42793|APT29|TeamCity/);
  });

  it('reads "this week" as the reporting period, against the injected clock', async () => {
    // TEST_NOW is 2026-11-20; every example report was published in 2024-2025.
    const answer = await ask('what did Volt Typhoon do this week?');
    expect(answer.kind).toBe('not-found');
  });
});
