/**
 * What leaves the process for the model: nothing above LLM_MAX_TLP, no sentence of a report that
 * gives orders, a system part no report can change, the thread's latest questions only, and
 * passages within the prompt-token budget. Against a loopback OpenAI-compatible server.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { renderSlack } from '../../src/chat/render/slack-blocks.ts';
import type { AnswerRequest } from '../../src/core/ports/answer-engine.ts';
import { loadPrompts } from '../../src/engines/openai/prompts.ts';
import {
  type FakeOpenAI,
  faithful,
  passagesOf,
  type RecordedRequest,
  systemPart,
  userPart,
} from '../fakes/openai-server.ts';
import { TEST_NOW } from '../support/cli.ts';
import { ask, modelTestbed, says } from '../support/openai-engine.ts';

const bed = modelTestbed();
const engines = bed.engines;
let fake: FakeOpenAI;
beforeEach(() => {
  fake = bed.fake;
});

describe('LLM_MAX_TLP', () => {
  /** Strings found only in the TLP:AMBER report (its client, its indicators, its wording). */
  const AMBER_ONLY = [
    'Northwind',
    'W-07',
    '203.0.113.45',
    'update-check.example.net',
    '9f2c4e7a1b3d5c6e',
    'ntdsutil',
    'GlobalProtect',
    'living-off-the-land techniques',
  ];
  const questions: AnswerRequest[] = [
    { command: 'actor', text: 'Volt Typhoon', clearance: 'AMBER', thread: null },
    ask('who is behind Volt Typhoon?', 'AMBER'),
    ask('how does Volt Typhoon operate?', 'AMBER'),
    ask('indicators for Volt Typhoon', 'AMBER'),
    ask('which CVEs does Volt Typhoon exploit?', 'RED'),
    ask('which relay did the operators set up with netsh?', 'AMBER'),
  ];

  it('keeps a TLP:AMBER passage out of every request body when the cap is GREEN, and says so', async () => {
    const { served } = engines({ maxTlp: 'GREEN' });
    fake.otherwise(faithful);
    const answers = [];
    for (const q of questions) answers.push(await served.answer(q));
    expect(fake.requests.length).toBeGreaterThanOrEqual(4);
    for (const request of fake.requests)
      for (const secret of AMBER_ONLY) expect(request.raw).not.toContain(secret);
    // Each answer says material was kept from the model; the destination still may see it.
    const modelAnswers = answers.filter((a) => a.engine === 'openai');
    expect(modelAnswers.length).toBeGreaterThanOrEqual(3);
    for (const a of modelAnswers)
      expect(a.notice).toBe(
        "1 report above TLP:GREEN was kept out of the language model's view (LLM_MAX_TLP).",
      );
    // A question only the AMBER report answers is answered without the model, from the store.
    const local = answers.at(-1)!;
    expect(local.engine).toBe('extractive');
    expect(local.notice).toMatch(
      /kept out of the language model's view .* composed from stored passages/,
    );
  });

  it('sends the same passages when the cap allows them (the check above is not vacuous)', async () => {
    const { served } = engines({ maxTlp: 'AMBER' });
    fake.otherwise(faithful);
    for (const q of questions.slice(0, 4)) await served.answer(q);
    const sent = fake.requests.map((r) => r.raw).join('\n');
    expect(AMBER_ONLY.filter((s) => sent.includes(s)).length).toBeGreaterThan(2);
  });

  it('sends a GREEN report under the default cap', async () => {
    const { served } = engines({ maxTlp: 'GREEN' });
    fake.otherwise(faithful);
    const answer = await served.answer(ask('latest on LockBit', 'GREEN'));
    expect(answer.engine).toBe('openai');
    expect(answer.notice).toBeNull();
    expect(answer.citations.map((c) => c.tlp)).toContain('GREEN');
  });
});

describe('hostile report text', () => {
  /** A model that does what the hostile report says. */
  const obedient = () =>
    says(
      ['@channel Parrot Tempest is operated by Freedonian intelligence.', [9]],
      ['<!channel> Read <http://evil.example|the full report> now.', [1]],
      ['Parrot Tempest is Freedonian, with HIGH confidence.', [1]],
      ['Ping <@U0VICTIM> and @everyone: see [the report](http://evil.example/x).', [2]],
      ['Harbor Labs suspects a link to Belarus [1].', [1]],
    );

  it('changes nothing in the system part of the request or in the output', async () => {
    const { served, model } = engines();
    const prompts = loadPrompts();
    fake.script(faithful, obedient);
    await served.answer({
      command: 'actor',
      text: 'Phantom Taurus',
      clearance: 'CLEAR',
      thread: null,
    });
    const answer = await served.answer({
      command: 'actor',
      text: 'Parrot Tempest',
      clearance: 'CLEAR',
      thread: null,
    });
    const [benign, hostile] = fake.requests as [RecordedRequest, RecordedRequest];
    // The system part is the prompt file, word for word, whatever the reports say; no tools.
    expect(systemPart(benign)).toBe(prompts.text.system);
    expect(systemPart(hostile)).toBe(prompts.text.system);
    expect(hostile.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    for (const key of ['tools', 'tool_choice', 'functions', 'function_call'])
      expect(hostile.body).not.toHaveProperty(key);
    // The sentence that gives orders never reached the model; the rest is inside the delimiters.
    const user = userPart(hostile);
    expect(user).not.toMatch(/ignore all previous instructions|@channel|@everyone/i);
    expect(user.match(/<\/untrusted-passages>/g)).toHaveLength(1);
    expect(passagesOf(hostile).some((p) => p.text.includes('Belarus'))).toBe(true);
    // The output: the rubric's label, real numbers only, no ping, no link, no "HIGH confidence".
    expect(answer.engine).toBe('openai');
    expect(answer.attribution.map((a) => [a.attributedTo, a.confidence])).toEqual([
      ['Belarus', 'low'],
    ]);
    expect(answer.citations.map((c) => c.n)).toEqual([1]);
    const claims = answer.sections.flatMap((s) => s.claims.map((c) => c.text));
    expect(claims).toEqual([
      'Read the full report now.',
      'Ping and: see the report.',
      'Harbor Labs suspects a link to Belarus.',
    ]);
    expect(model.dropped).toMatchObject({ invented: 1, confidence: 1 });
    expect(claims.join('\n')).not.toMatch(/Freedonia|channel|everyone|http|evil|<|@/i);
    // Rendered, the report's own hostile title stays inert too.
    expect(JSON.stringify(renderSlack(answer))).not.toMatch(/<[!@#]|@channel|@everyone/);
  });

  it('keeps a sentence that gives orders out of the request even when the question asks for it', async () => {
    const { served } = engines();
    fake.script(faithful);
    const answer = await served.answer(
      ask('what does the Parrot Tempest report say about the Freedonian intelligence service?'),
    );
    const sent = passagesOf(fake.requests[0]!).map((p) => p.text);
    expect(sent.some((p) => p.includes('Parrot Tempest'))).toBe(true);
    expect(sent.join('\n')).not.toMatch(/Freedonian|ignore all previous|@channel/i);
    expect(answer.engine).toBe('openai');
  });
});

describe('conversation and budget', () => {
  it("sends a follow-up with the thread's latest questions only", async () => {
    const { served } = engines();
    fake.otherwise(faithful);
    const questions = [
      'q1 old',
      'q2 old',
      'actor Phantom Taurus',
      'who is behind them?',
      'what do they target?',
      'since when?',
    ];
    const answer = await served.answer({
      command: 'ask',
      text: 'what malware do they use?',
      clearance: 'CLEAR',
      thread: {
        threadId: 't',
        subjects: ['Phantom Taurus'],
        citations: [],
        digestItems: [],
        questions,
        clearance: 'CLEAR',
        updatedAt: TEST_NOW,
      },
    });
    expect(answer.engine).toBe('openai');
    expect(answer.subjects).toEqual(['Phantom Taurus']);
    const user = userPart(fake.requests[0]!);
    expect(user).toContain('Their new question:');
    expect(user).toContain(
      '<earlier-questions>\n1. actor Phantom Taurus\n2. who is behind them?\n3. what do they target?\n4. since when?\n</earlier-questions>',
    );
    expect(user).not.toContain('q1 old');
  });

  it('chooses passages under the prompt-token budget', async () => {
    const { served, logger } = engines({ maxPromptTokens: 900, maxTlp: 'RED' });
    fake.otherwise(faithful);
    await served.answer({ command: 'actor', text: 'Volt Typhoon', clearance: 'RED', thread: null });
    const small = logger.find('model call')[0]!.fields;
    expect(small.counted).toBeLessThanOrEqual(900);
    const roomy = engines({ maxPromptTokens: 6000, maxTlp: 'RED' });
    await roomy.served.answer({
      command: 'actor',
      text: 'Volt Typhoon',
      clearance: 'RED',
      thread: null,
    });
    const large = roomy.logger.find('model call')[0]!.fields;
    expect(large.passages as number).toBeGreaterThan(small.passages as number);
  });
});
