/**
 * The model engine against a loopback OpenAI-compatible server playing scripted replies: good
 * answers, invented citations, malformed output, timeouts, rate limits, refusals, a failing
 * endpoint, the LLM_MAX_TLP egress cap and a report that tries to give orders.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/chat/render/markdown.ts';
import { renderSlack } from '../../src/chat/render/slack-blocks.ts';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import type { Tlp } from '../../src/core/model/tlp.ts';
import type { AnswerRequest } from '../../src/core/ports/answer-engine.ts';
import { fixedClock } from '../../src/core/ports/clock.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { CircuitBreaker } from '../../src/engines/openai/circuit-breaker.ts';
import { loadPrompts } from '../../src/engines/openai/prompts.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { CONTRACT_CORPUS } from '../contract/answer-engine-contract.ts';
import {
  completion,
  FakeOpenAI,
  faithful,
  passagesOf,
  type RecordedRequest,
  systemPart,
  userPart,
} from '../fakes/openai-server.ts';
import { TEST_NOW } from '../support/cli.ts';
import { ingestedDb } from '../support/fixture-dbs.ts';
import {
  type ModelEngineOptions,
  modelEngines,
  RecordingLogger,
} from '../support/openai-engine.ts';

let fake: FakeOpenAI;
let store: Store;
let analysis: AnalysisService;
const clock = fixedClock(TEST_NOW);

beforeAll(async () => {
  fake = await FakeOpenAI.start();
  store = openSqliteStore({ path: await ingestedDb(...CONTRACT_CORPUS) });
  analysis = await AnalysisService.load(store);
});
afterAll(async () => {
  await fake.close();
  store.close();
});
beforeEach(() => fake.reset());

function engines(options: Partial<ModelEngineOptions> = {}) {
  const logger = new RecordingLogger();
  return { logger, ...modelEngines({ fake, store, analysis, clock, logger, ...options }) };
}

const ask = (text: string, clearance: Tlp = 'CLEAR'): AnswerRequest => ({
  command: 'ask',
  text,
  clearance,
  thread: null,
});

/** A scripted answer citing passages by number. */
const says = (...claims: [string, number[]][]) =>
  completion({
    answered: true,
    sections: [{ title: 'Answer', claims: claims.map(([text, passages]) => ({ text, passages })) }],
  });

describe('a good answer', () => {
  it('is rendered with its citations, each quoting the stored passage it was given', async () => {
    const { served, logger } = engines();
    fake.script(() =>
      says(
        ['US agencies describe Volt Typhoon as a PRC state-sponsored actor.', [1]],
        ['It has compromised critical infrastructure networks across the US.', [1, 2]],
      ),
    );
    const answer = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(answer.engine).toBe('openai');
    expect(answer.notice).toBeNull();
    const sent = passagesOf(fake.requests[0]!);
    const claims = answer.sections.flatMap((s) => s.claims);
    expect(claims.map((c) => c.text)).toEqual([
      'US agencies describe Volt Typhoon as a PRC state-sponsored actor.',
      'It has compromised critical infrastructure networks across the US.',
    ]);
    // The quote behind each mark is the passage as stored, never words of the model.
    const quotes = claims.flatMap((c) => c.evidence.map((e) => e.quote));
    expect(quotes).toEqual([sent[0]!.text, sent[0]!.text, sent[1]!.text]);
    // The rubric's attribution line comes with it, labelled by the rubric.
    expect(answer.attribution.map((a) => [a.attributedTo, a.confidence])).toEqual([
      ['China, state-sponsored', 'moderate'],
    ]);
    const md = renderMarkdown(answer);
    expect(md).toContain('US agencies describe Volt Typhoon as a PRC state-sponsored actor. [1]');
    expect(md).toMatch(/\[1\] \[CISA, NSA, FBI: Volt Typhoon/);
    expect(served.dropped).toEqual({
      sources: 0,
      aboveClearance: 0,
      quotes: 0,
      claims: 0,
      attribution: 0,
    });
    // One call, logged with its tokens, latency and an estimated cost at the model's list price.
    const [call] = logger.find('model call');
    expect(call?.fields).toMatchObject({
      promptTokens: 1234,
      completionTokens: 56,
      passages: sent.length,
    });
    expect(call?.fields.costUsd).toBeCloseTo((1234 * 0.15 + 56 * 0.6) / 1e6, 9);
    expect(call?.fields.latencyMs).toBeTypeOf('number');
    // The request asks for the structured format and offers no tools.
    const body = fake.requests[0]!.body;
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('functions');
  });

  it('drops a statement citing a passage it was not given, and counts it', async () => {
    const { served, model, logger } = engines();
    fake.script(() =>
      says(
        ['Volt Typhoon is a PRC state-sponsored actor.', [1]],
        ['Volt Typhoon is run by a fictional agency.', [1, 99]],
        ['Volt Typhoon never targets water utilities.', []],
      ),
    );
    const answer = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(answer.engine).toBe('openai');
    expect(answer.sections.flatMap((s) => s.claims.map((c) => c.text))).toEqual([
      'Volt Typhoon is a PRC state-sponsored actor.',
    ]);
    expect(JSON.stringify(answer)).not.toContain('fictional');
    expect(model.dropped).toMatchObject({ invented: 1, uncited: 1 });
    expect(logger.find('model statements dropped')[0]?.fields).toMatchObject({ invented: 1 });
  });

  it('keeps confidence levels for the rubric unless the cited report states one itself', async () => {
    const { served, model } = engines();
    fake.script(() =>
      says(
        ['Volt Typhoon is Chinese, with high confidence.', [1]],
        ['Volt Typhoon is a PRC state-sponsored actor.', [1]],
      ),
    );
    const answer = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(answer.sections.flatMap((s) => s.claims.map((c) => c.text))).toEqual([
      'Volt Typhoon is a PRC state-sponsored actor.',
    ]);
    expect(model.dropped.confidence).toBe(1);
  });
});

describe('falling back to the extractive answer, with a note', () => {
  const fallsBack = async (
    reply: Parameters<FakeOpenAI['script']>[0],
    why: RegExp,
    options = {},
  ) => {
    const { served, fallback } = engines(options);
    fake.script(reply);
    const answer = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(answer.engine).toBe('extractive');
    expect(answer.notice).toMatch(/^The openai engine could not answer \(/);
    expect(answer.notice).toMatch(why);
    expect(answer.attribution.length).toBeGreaterThan(0);
    expect(fallback.fallbacks).toBe(1);
    return answer;
  };

  it('on malformed JSON', async () => {
    await fallsBack(
      () => completion('{"answered": true, "sections": [{"title": "A", "cla'),
      /required format/,
    );
  });

  it('on JSON that does not match the schema', async () => {
    await fallsBack(() => completion({ answer: 'Volt Typhoon is Chinese.' }), /required format/);
  });

  it('on a timeout', async () => {
    await fallsBack(() => ({ hang: true }), /did not answer within 0.3 s/, { timeoutMs: 300 });
  });

  it('on a refusal', async () => {
    await fallsBack(() => completion('', { refusal: 'I cannot help with that.' }), /declined/);
  });

  it('on an answer cut off at the token limit', async () => {
    await fallsBack(() => completion('{"answered": true', { finishReason: 'length' }), /cut off/);
  });

  it('when every statement fails the checks', async () => {
    await fallsBack(() => says(['Invented.', [42]], ['Also invented.', [43]]), /citation checks/);
  });
});

describe('retrying', () => {
  it('retries a 429 and a 503 after the wait the server asks for, then answers', async () => {
    const { served } = engines({ maxRetries: 2 });
    fake.script(
      () => ({
        status: 429,
        headers: { 'retry-after-ms': '250' },
        json: { error: { message: 'slow down' } },
      }),
      () => ({
        status: 503,
        headers: { 'retry-after': '0.2' },
        json: { error: { message: 'busy' } },
      }),
      () => says(['Volt Typhoon is a PRC state-sponsored actor.', [1]]),
    );
    const answer = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(answer.engine).toBe('openai');
    expect(answer.notice).toBeNull();
    const [first, second, third] = fake.requests as [
      RecordedRequest,
      RecordedRequest,
      RecordedRequest,
    ];
    expect(fake.requests).toHaveLength(3);
    expect(second.at - first.at).toBeGreaterThanOrEqual(240);
    expect(third.at - second.at).toBeGreaterThanOrEqual(190);
    expect(third.raw).toBe(first.raw);
  });

  it('gives up when the rate limit outlasts the retries, and falls back', async () => {
    const { served } = engines({ maxRetries: 1 });
    const limited = () => ({
      status: 429,
      headers: { 'retry-after-ms': '10' },
      json: { error: { message: 'no' } },
    });
    fake.script(limited, limited);
    const answer = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(answer.engine).toBe('extractive');
    expect(answer.notice).toMatch(/rate limits \(HTTP 429\)/);
    expect(fake.requests).toHaveLength(2);
  });
});

describe('the circuit breaker', () => {
  it('stops calling a failing endpoint for a while, then tries it again', async () => {
    const breaker = new CircuitBreaker(clock, { threshold: 3, cooldownMs: 60_000 });
    const { served } = engines({ maxRetries: 0, breaker });
    fake.otherwise(() => ({ status: 502, json: { error: { message: 'bad gateway' } } }));
    for (let i = 0; i < 3; i++) {
      const answer = await served.answer(ask('who is behind Volt Typhoon?'));
      expect(answer.notice).toMatch(/kept failing \(HTTP 502\)/);
    }
    expect(fake.requests).toHaveLength(3);
    const paused = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(paused.engine).toBe('extractive');
    expect(paused.notice).toMatch(
      /failed 3 times in a row; it is not asked again before 12:01:00 UTC/,
    );
    expect(fake.requests).toHaveLength(3);
    clock.advance(61_000);
    fake.otherwise(() => says(['Volt Typhoon is a PRC state-sponsored actor.', [1]]));
    const back = await served.answer(ask('who is behind Volt Typhoon?'));
    expect(back.engine).toBe('openai');
    expect(fake.requests).toHaveLength(4);
    expect(breaker.failures).toBe(0);
    clock.set(TEST_NOW);
  });
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
