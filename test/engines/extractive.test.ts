/**
 * The extractive engine runs the AnswerEngine contract, and the application serves it behind the
 * core citation guard.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { GuardedEngine } from '../../src/core/answer/guarded-engine.ts';
import { ExtractiveEngine } from '../../src/engines/extractive/extractive-engine.ts';
import { openApp } from '../../src/main.ts';
import { answerEngineContract } from '../contract/answer-engine-contract.ts';
import { examplesDb } from '../support/fixture-dbs.ts';

answerEngineContract({
  name: 'extractive',
  makeEngine: (deps) => new ExtractiveEngine(deps),
});

describe('the extractive engine in the application', () => {
  it('answers behind the citation guard, under its own name', async () => {
    const app = await openApp({ config: parseConfig({ THREATBRIEF_DB: await examplesDb() }) });
    try {
      expect(app.engine).toBeInstanceOf(GuardedEngine);
      expect(app.engine.name).toBe('extractive');
      const answer = await app.engine.answer({
        command: 'actor',
        text: 'Phantom Taurus',
        clearance: 'CLEAR',
        thread: null,
      });
      expect(answer.engine).toBe('extractive');
      expect((app.engine as GuardedEngine).dropped).toEqual({
        sources: 0,
        aboveClearance: 0,
        quotes: 0,
        claims: 0,
        attribution: 0,
      });
    } finally {
      await app.close();
    }
  });
});
