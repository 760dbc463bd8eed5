/**
 * Conversations on the example corpus, driven through the shared command router as a chat
 * platform would, with the expected shape of every answer in fixture files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { Answer } from '../../src/core/model/answer.ts';
import type { Tlp } from '../../src/core/model/tlp.ts';
import { type App, openApp } from '../../src/main.ts';
import { examplesDb } from '../support/fixture-dbs.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/conversations');

interface Turn {
  say: string;
  expect: {
    kind?: Answer['kind'];
    subjects?: string[];
    sections?: string[];
    mentions?: string[];
    absent?: string[];
    withheld?: number;
    tlps?: Tlp[];
    suggestions?: string[];
    summary?: string;
  };
}

let app: App;
beforeAll(async () => {
  const db = await examplesDb();
  app = await openApp({ config: parseConfig({ THREATBRIEF_DB: db }) });
});
afterAll(() => app.close());

function flatten(answer: Answer): string {
  return [
    answer.title,
    answer.summary,
    ...answer.attribution.flatMap((a) => [a.attributedTo, a.confidence.toUpperCase(), a.basis]),
    ...answer.sections.flatMap((s) => s.claims.map((c) => c.text)),
    ...answer.citations.map((c) => `${c.title} ${c.publisher}`),
  ].join('\n');
}

/** The rules every answer keeps, whatever was asked. */
async function checkAnswerRules(answer: Answer, clearance: Tlp): Promise<void> {
  const order = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];
  for (const c of answer.citations) {
    expect(order.indexOf(c.tlp)).toBeLessThanOrEqual(order.indexOf(clearance));
    const report = await app.store.getReport(c.reportId);
    for (const quote of c.quotes) expect(report!.text).toContain(quote);
  }
  const numbers = new Set(answer.citations.map((c) => c.n));
  for (const section of answer.sections) {
    for (const claim of section.claims) {
      expect(claim.citations.length).toBeGreaterThan(0);
      for (const n of claim.citations) expect(numbers.has(n)).toBe(true);
      for (const e of claim.evidence)
        expect(answer.citations.find((c) => c.n === e.n)!.quotes).toContain(e.quote);
    }
  }
  for (const a of answer.attribution) {
    expect(['high', 'moderate', 'low']).toContain(a.confidence);
    expect(a.basis.length).toBeGreaterThan(10);
    for (const mark of a.basis.match(/\[(\d+)\]/g) ?? [])
      expect(numbers.has(Number(mark.slice(1, -1)))).toBe(true);
  }
}

for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
  const script = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as {
    description: string;
    clearance: Tlp;
    turns: Turn[];
  };
  describe(`conversation ${file}: ${script.description}`, () => {
    const threadId = `test:${file}`;
    for (const [i, turn] of script.turns.entries()) {
      it(`turn ${i + 1}: ${turn.say}`, async () => {
        const { answer } = await app.router.route({
          text: turn.say,
          destination: { platform: 'test', channel: file, clearance: script.clearance },
          threadId,
        });
        const text = flatten(answer);
        const e = turn.expect;
        if (e.kind) expect(answer.kind).toBe(e.kind);
        if (e.subjects) expect(answer.subjects).toEqual(e.subjects);
        if (e.sections)
          expect(answer.sections.map((s) => s.title)).toEqual(expect.arrayContaining(e.sections));
        for (const m of e.mentions ?? []) expect(text).toContain(m);
        for (const m of e.absent ?? []) expect(text).not.toContain(m);
        if (e.withheld !== undefined) expect(answer.withheld).toBe(e.withheld);
        if (e.tlps) expect([...new Set(answer.citations.map((c) => c.tlp))]).toEqual(e.tlps);
        if (e.suggestions) expect(answer.suggestions).toEqual(e.suggestions);
        if (e.summary) expect(answer.summary).toBe(e.summary);
        await checkAnswerRules(answer, script.clearance);
      });
    }
  });
}
