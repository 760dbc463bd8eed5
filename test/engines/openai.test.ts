/**
 * The model engine against a loopback OpenAI-compatible server playing scripted replies: good
 * answers, invented citations, malformed output, timeouts, rate limits, refusals and a failing
 * endpoint. What may leave the process is tested in openai-egress.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/chat/render/markdown.ts';
import { CircuitBreaker } from '../../src/engines/openai/circuit-breaker.ts';
import {
  completion,
  type FakeOpenAI,
  passagesOf,
  type RecordedRequest,
} from '../fakes/openai-server.ts';
import { TEST_NOW } from '../support/cli.ts';
import { ask, modelTestbed, says } from '../support/openai-engine.ts';

const bed = modelTestbed();
const engines = bed.engines;
const clock = bed.clock;
let fake: FakeOpenAI;
beforeEach(() => {
  fake = bed.fake;
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
