/**
 * The citation guard against answers that break the rules the way a careless engine or a model
 * would: invented numbers, paraphrased quotes, a report above the clearance, a relabelled source,
 * a report that does not exist. Checked against a real SQLite store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { droppedTotal, guardAnswer } from '../../../src/core/answer/citation-guard.ts';
import { GuardedEngine } from '../../../src/core/answer/guarded-engine.ts';
import type { Answer, Citation } from '../../../src/core/model/answer.ts';
import type { Report } from '../../../src/core/model/report.ts';
import type { AnswerEngine, AnswerRequest } from '../../../src/core/ports/answer-engine.ts';
import type { LogFields, Logger } from '../../../src/core/ports/logger.ts';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { newReport } from '../../support/reports.ts';

const GREEN_TEXT =
  'Grim Parrot broke into embassy mail servers in 2024. The group used a loader named Quillfeather.';
const AMBER_TEXT =
  'Grim Parrot is run out of a contractor office, according to an internal source.';

const store = openSqliteStore({ path: ':memory:' });
let green: Report;
let amber: Report;

beforeAll(async () => {
  const g = newReport(GREEN_TEXT, {
    title: 'Grim Parrot at embassies',
    tlp: 'GREEN',
    publisher: 'Desk',
  });
  const a = newReport(AMBER_TEXT, { title: 'Internal note', tlp: 'AMBER' });
  await store.addReport(g);
  await store.addReport(a);
  green = g.report;
  amber = a.report;
});
afterAll(() => store.close());

function source(n: number, report: Report, quotes: string[]): Citation {
  return {
    n,
    reportId: report.id,
    title: report.title,
    publisher: report.publisher,
    url: report.url,
    published: report.published,
    tlp: report.tlp,
    reliability: report.reliability,
    aiGenerated: report.aiGenerated,
    quote: quotes[0]!,
    quotes,
  };
}

const FIRST = 'Grim Parrot broke into embassy mail servers in 2024.';
const SECOND = 'The group used a loader named Quillfeather.';
const PARAPHRASE = 'Grim Parrot hacked embassies last year.';

function answer(fields: Partial<Answer>): Answer {
  return {
    kind: 'answer',
    query: 'what does Grim Parrot do?',
    title: 'Grim Parrot',
    summary: 'From 2 stored reports',
    sections: [],
    attribution: [],
    citations: [],
    withheld: 0,
    clearance: 'GREEN',
    suggestions: [],
    subjects: ['Grim Parrot'],
    engine: 'scripted',
    notice: null,
    ...fields,
  };
}

/** What a model that strayed might return: one good statement among broken ones. */
function strayed(): Answer {
  return answer({
    sections: [
      {
        title: 'What the reports say',
        claims: [
          { text: 'Broke into embassy mail', citations: [1], evidence: [{ n: 1, quote: FIRST }] },
          { text: 'Run by a contractor', citations: [2], evidence: [{ n: 2, quote: AMBER_TEXT }] },
          { text: 'Invented source', citations: [7], evidence: [{ n: 7, quote: FIRST }] },
          { text: 'Paraphrased', citations: [1], evidence: [{ n: 1, quote: PARAPHRASE }] },
          { text: 'A mark with no quote', citations: [1], evidence: [] },
          { text: 'Unknown report', citations: [3], evidence: [{ n: 3, quote: FIRST }] },
        ],
      },
      {
        title: 'Only broken',
        claims: [
          { text: 'Contractor again', citations: [2], evidence: [{ n: 2, quote: AMBER_TEXT }] },
        ],
      },
    ],
    attribution: [
      {
        subject: 'Grim Parrot',
        attributedTo: 'a contractor',
        confidence: 'low',
        basis: 'one originator [2]',
        citations: [2],
        disputedBy: [],
        deniedBy: [],
      },
      {
        subject: 'Grim Parrot',
        attributedTo: 'Ruritania',
        confidence: 'moderate',
        basis: 'one originator asserts it [1][2]',
        citations: [1, 2],
        disputedBy: [],
        deniedBy: [],
      },
    ],
    citations: [
      // Relabelled: the engine says CLEAR and a better title; the store says otherwise.
      { ...source(1, green, [FIRST, PARAPHRASE]), tlp: 'CLEAR', title: 'Trust me' },
      { ...source(2, amber, [AMBER_TEXT]), tlp: 'CLEAR' },
      { ...source(3, green, [FIRST]), reportId: 'no-such-report' },
    ],
  });
}

describe('citation guard', () => {
  it('keeps what the store supports and drops and counts the rest, without throwing', async () => {
    const { answer: out, dropped } = await guardAnswer(strayed(), 'GREEN', store);
    expect(dropped).toEqual({
      sources: 1,
      aboveClearance: 1,
      quotes: 1,
      claims: 6,
      attribution: 1,
    });
    expect(out.sections).toEqual([
      {
        title: 'What the reports say',
        claims: [
          { text: 'Broke into embassy mail', citations: [1], evidence: [{ n: 1, quote: FIRST }] },
        ],
      },
    ]);
    expect(out.citations).toEqual([source(1, green, [FIRST])]);
    expect(out.citations[0]!.tlp).toBe('GREEN');
    expect(out.citations[0]!.title).toBe('Grim Parrot at embassies');
    expect(out.attribution).toHaveLength(1);
    expect(out.attribution[0]).toMatchObject({
      attributedTo: 'Ruritania',
      confidence: 'moderate',
      basis: 'one originator asserts it [1]',
      citations: [1],
    });
    // The AMBER report it tried to cite was left out, and the answer says so.
    expect(out.withheld).toBe(1);
    expect(out.clearance).toBe('GREEN');
  });

  it('lets a destination cleared for AMBER see the AMBER source', async () => {
    const { answer: out, dropped } = await guardAnswer(strayed(), 'AMBER', store);
    expect(dropped.aboveClearance).toBe(0);
    expect(out.citations.map((c) => [c.n, c.tlp])).toEqual([
      [1, 'GREEN'],
      [2, 'AMBER'],
    ]);
    expect(out.sections.flatMap((s) => s.claims.map((c) => c.text))).toEqual([
      'Broke into embassy mail',
      'Run by a contractor',
      'Contractor again',
    ]);
    expect(out.withheld).toBe(0);
  });

  it('passes an answer that keeps the rules through unchanged', async () => {
    const good = answer({
      sections: [
        {
          title: 'Tools',
          claims: [
            { text: 'Quillfeather', citations: [4], evidence: [{ n: 4, quote: SECOND }] },
            { text: 'Embassies', citations: [4], evidence: [{ n: 4, quote: FIRST }] },
          ],
        },
      ],
      citations: [source(4, green, [SECOND, FIRST])],
      withheld: 2,
    });
    const { answer: out, dropped } = await guardAnswer(good, 'GREEN', store);
    expect(droppedTotal(dropped)).toBe(0);
    // Numbers are kept: "source [4]" in a thread keeps its number.
    expect(out).toEqual(good);
  });

  it('drops quotes that differ from the stored text by a single character', async () => {
    const near = `${FIRST.slice(0, -1)}!`;
    const { answer: out, dropped } = await guardAnswer(
      answer({
        sections: [
          {
            title: 'S',
            claims: [{ text: 'x', citations: [1], evidence: [{ n: 1, quote: near }] }],
          },
        ],
        citations: [source(1, green, [near])],
      }),
      'GREEN',
      store,
    );
    expect(dropped).toMatchObject({ quotes: 1, sources: 1, claims: 1 });
    expect(out.sections).toEqual([]);
    expect(out.citations).toEqual([]);
  });
});

class RecordingLogger implements Logger {
  readonly warnings: [string, LogFields | undefined][] = [];
  debug() {}
  info() {}
  warn(message: string, fields?: LogFields) {
    this.warnings.push([message, fields]);
  }
  error() {}
}

/** A hand-written engine that returns what it is given: stands in for a model that strayed. */
class ScriptedEngine implements AnswerEngine {
  readonly name = 'scripted';
  readonly #reply: () => Answer;
  constructor(reply: () => Answer) {
    this.#reply = reply;
  }
  async answer(_request: AnswerRequest): Promise<Answer> {
    return this.#reply();
  }
}

describe('GuardedEngine', () => {
  it('guards every answer of the engine it wraps, logs the drops and keeps a tally', async () => {
    const logger = new RecordingLogger();
    const engine = new GuardedEngine(new ScriptedEngine(strayed), { reports: store, logger });
    expect(engine.name).toBe('scripted');
    const request: AnswerRequest = {
      command: 'ask',
      text: 'what?',
      clearance: 'GREEN',
      thread: null,
    };
    const out = await engine.answer(request);
    await engine.answer(request);
    expect(out.citations.map((c) => c.n)).toEqual([1]);
    expect(engine.dropped).toEqual({
      sources: 2,
      aboveClearance: 2,
      quotes: 2,
      claims: 12,
      attribution: 2,
    });
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[0]![1]).toMatchObject({ engine: 'scripted', command: 'ask', claims: 6 });
  });

  it('logs nothing for an answer with nothing to drop', async () => {
    const logger = new RecordingLogger();
    const engine = new GuardedEngine(new ScriptedEngine(() => answer({})), {
      reports: store,
      logger,
    });
    await engine.answer({ command: 'ask', text: 'hello', clearance: 'CLEAR', thread: null });
    expect(logger.warnings).toEqual([]);
  });
});
