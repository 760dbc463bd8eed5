/**
 * The model engine runs the AnswerEngine contract against a loopback OpenAI-compatible server
 * whose model answers faithfully. LLM_MAX_TLP is RED here so the clearance rules are tested on
 * the engine itself; the egress cap has its own tests (openai.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { answerEngineContract } from '../contract/answer-engine-contract.ts';
import { FakeOpenAI, faithful } from '../fakes/openai-server.ts';
import { modelEngines } from '../support/openai-engine.ts';

let fake: FakeOpenAI | undefined;
afterAll(() => fake?.close());

answerEngineContract({
  name: 'openai',
  delegatesTo: ['extractive'],
  makeEngine: async (deps) => {
    fake = await FakeOpenAI.start();
    fake.otherwise(faithful);
    return modelEngines({ fake, ...deps, maxTlp: 'RED' }).model;
  },
});

describe('the contract run', () => {
  it('reached the model for the questions that need writing', () => {
    // actor and ask questions with evidence go to the model: 10 of the bank's 15, at 5 clearances.
    const asked = fake!.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(asked.length).toBeGreaterThanOrEqual(40);
    expect(new Set(asked.map((r) => r.body.model))).toEqual(new Set(['gpt-4o-mini']));
  });
});
