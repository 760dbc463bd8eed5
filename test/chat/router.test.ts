import { describe, expect, it } from 'vitest';
import { CommandRouter, parseCommand } from '../../src/chat/router.ts';
import type { Answer } from '../../src/core/model/answer.ts';
import type { AnswerEngine, AnswerRequest } from '../../src/core/ports/answer-engine.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

describe('parseCommand', () => {
  it.each([
    ['actor Phantom Taurus', { command: 'actor', argument: 'Phantom Taurus' }],
    ['/threat actor APT29', { command: 'actor', argument: 'APT29' }],
    ['ask who is behind it?', { command: 'ask', argument: 'who is behind it?' }],
    ['search net-star', { command: 'search', argument: 'net-star' }],
    ['sources', { command: 'sources', argument: '' }],
    ['help', { command: 'help' }],
    ['', { command: 'help' }],
    ['actor', { command: 'help' }],
    ['what malware do they use?', { command: 'ask', argument: 'what malware do they use?' }],
    [
      'digest subscribe 08:00 Europe/Berlin',
      { command: 'digest', action: 'subscribe', args: ['08:00', 'Europe/Berlin'] },
    ],
    ['digest', { command: 'digest', action: 'now', args: [] }],
    ['watch Volt Typhoon', { command: 'watch', argument: 'Volt Typhoon' }],
    ['unwatch APT29', { command: 'unwatch', argument: 'APT29' }],
    ['watch', { command: 'watches' }],
    ['clearance amber', { command: 'clearance', argument: 'amber' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

/** A hand-written engine that records requests and answers from a script. */
class ScriptedEngine implements AnswerEngine {
  readonly name = 'scripted';
  readonly requests: AnswerRequest[] = [];
  readonly answers: Partial<Answer>[];
  constructor(answers: Partial<Answer>[]) {
    this.answers = answers;
  }
  async answer(request: AnswerRequest): Promise<Answer> {
    this.requests.push(request);
    const next = this.answers.shift();
    if (!next) throw new Error('no scripted answer left');
    return {
      kind: 'answer',
      query: request.text,
      title: 't',
      summary: 's',
      sections: [],
      attribution: [],
      citations: [],
      withheld: 0,
      clearance: request.clearance,
      suggestions: [],
      subjects: [],
      engine: 'scripted',
      notice: null,
      ...next,
    };
  }
}

describe('CommandRouter', () => {
  it('remembers the thread subject and sources, and stores every answer with an id', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const citation = {
      n: 1,
      reportId: 'r1',
      title: 'T',
      publisher: 'P',
      url: null,
      published: null,
      tlp: 'CLEAR' as const,
      reliability: 'C' as const,
      aiGenerated: false,
      quote: 'q',
      quotes: ['q'],
    };
    const engine = new ScriptedEngine([
      { subjects: ['APT29'], citations: [citation] },
      { subjects: [] },
    ]);
    let n = 0;
    const router = new CommandRouter({
      store,
      engine,
      clock: fixedClock('2026-11-21T08:00:00Z'),
      newId: () => `a${++n}`,
    });
    const destination = { platform: 'test', channel: 'c1', clearance: 'GREEN' as const };
    const first = await router.route({ text: 'actor APT29', destination, threadId: 'th1' });
    expect(first.answerId).toBe('a1');
    await router.route({ text: 'what do they use?', destination, threadId: 'th1' });
    expect(engine.requests[1]).toMatchObject({
      command: 'ask',
      text: 'what do they use?',
      clearance: 'GREEN',
    });
    expect(engine.requests[1]!.thread).toMatchObject({
      subjects: ['APT29'],
      citations: [citation],
    });
    expect(await store.getThread('th1')).toMatchObject({
      subjects: ['APT29'],
      citations: [citation],
    });
    expect(await store.getAnswer('a2')).toMatchObject({ threadId: 'th1', destination: 'test:c1' });
    await store.close();
  });

  it('answers help itself, naming the destination clearance', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const engine = new ScriptedEngine([]);
    const router = new CommandRouter({ store, engine, clock: fixedClock('2026-11-21T08:00:00Z') });
    const { answer, answerId } = await router.route(
      { text: 'help', destination: { platform: 't', channel: 'c', clearance: 'CLEAR' } },
      { helpPrefix: '/threat ' },
    );
    expect(answer.kind).toBe('help');
    expect(answer.summary).toContain('TLP:CLEAR');
    expect(answer.sections[0]!.claims[0]!.text).toMatch(/^\/threat actor NAME/);
    expect(answerId).toBeUndefined();
    expect(engine.requests).toEqual([]);
    await store.close();
  });
});
