/** @module The model engine wired to a loopback fake endpoint, as main.ts wires it to a real one. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import { FallbackEngine } from '../../src/core/answer/fallback-engine.ts';
import { GuardedEngine } from '../../src/core/answer/guarded-engine.ts';
import type { Tlp } from '../../src/core/model/tlp.ts';
import type { AnswerRequest } from '../../src/core/ports/answer-engine.ts';
import { type Clock, fixedClock } from '../../src/core/ports/clock.ts';
import type { LogFields, Logger } from '../../src/core/ports/logger.ts';
import type { Store } from '../../src/core/ports/store.ts';
import { ExtractiveEngine } from '../../src/engines/extractive/extractive-engine.ts';
import type { CircuitBreaker } from '../../src/engines/openai/circuit-breaker.ts';
import { ModelClient } from '../../src/engines/openai/model-client.ts';
import { OpenAIEngine } from '../../src/engines/openai/openai-engine.ts';
import { loadPrompts } from '../../src/engines/openai/prompts.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { CONTRACT_CORPUS } from '../contract/answer-engine-contract.ts';
import { completion, FakeOpenAI, type Reply } from '../fakes/openai-server.ts';
import { TEST_NOW } from './cli.ts';
import { ingestedDb } from './fixture-dbs.ts';

/** A logger that keeps what it is told, for tests that check what a call logged. */
export class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; fields: LogFields }[] = [];
  debug(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'error', message, fields });
  }
  find(message: string) {
    return this.lines.filter((l) => l.message === message);
  }
}

export interface ModelEngineOptions {
  fake: FakeOpenAI;
  store: Store;
  analysis: AnalysisService;
  clock: Clock;
  logger?: Logger;
  maxTlp?: Tlp;
  timeoutMs?: number;
  maxRetries?: number;
  maxPromptTokens?: number;
  breaker?: CircuitBreaker;
}

export interface ModelEngines {
  model: OpenAIEngine;
  /** Model engine, falling back to the extractive one, behind the citation guard (as main.ts). */
  served: GuardedEngine;
  fallback: FallbackEngine;
  client: ModelClient;
}

export function modelEngines(o: ModelEngineOptions): ModelEngines {
  const logger = o.logger ?? new RecordingLogger();
  const local = new ExtractiveEngine({ store: o.store, analysis: o.analysis, clock: o.clock });
  const client = new ModelClient({
    apiKey: 'test-key',
    baseURL: o.fake.baseURL,
    model: 'gpt-4o-mini',
    timeoutMs: o.timeoutMs ?? 5000,
    maxRetries: o.maxRetries ?? 2,
    maxOutputTokens: 800,
    prices: { input: 0.15, output: 0.6 },
    clock: o.clock,
    logger,
    ...(o.breaker ? { breaker: o.breaker } : {}),
  });
  const model = new OpenAIEngine({
    store: o.store,
    analysis: o.analysis,
    clock: o.clock,
    logger,
    prompts: loadPrompts(),
    client,
    local,
    maxTlp: o.maxTlp ?? 'GREEN',
    maxPromptTokens: o.maxPromptTokens ?? 6000,
  });
  const fallback = new FallbackEngine(model, local, { logger });
  return {
    model,
    fallback,
    client,
    served: new GuardedEngine(fallback, {
      reports: o.store,
      logger,
      threads: { store: o.store, analysis: o.analysis },
    }),
  };
}

/** A question as a chat destination at `clearance` asks it, outside any thread. */
export const ask = (text: string, clearance: Tlp = 'CLEAR'): AnswerRequest => ({
  command: 'ask',
  text,
  clearance,
  thread: null,
});

/** A scripted model answer: one section of statements, each citing passages by number. */
export const says = (...claims: [string, number[]][]): Reply =>
  completion({
    answered: true,
    sections: [{ title: 'Answer', claims: claims.map(([text, passages]) => ({ text, passages })) }],
  });

/**
 * One fake endpoint and the contract corpus for a test file (hooks registered here), and a
 * factory for engines wired to them, each with its own recording logger.
 */
export function modelTestbed() {
  const bed = {
    fake: undefined as unknown as FakeOpenAI,
    store: undefined as unknown as Store,
    analysis: undefined as unknown as AnalysisService,
    clock: fixedClock(TEST_NOW),
    engines(options: Partial<ModelEngineOptions> = {}) {
      const logger = new RecordingLogger();
      return {
        logger,
        ...modelEngines({
          fake: bed.fake,
          store: bed.store,
          analysis: bed.analysis,
          clock: bed.clock,
          logger,
          ...options,
        }),
      };
    },
  };
  beforeAll(async () => {
    bed.fake = await FakeOpenAI.start();
    bed.store = openSqliteStore({ path: await ingestedDb(...CONTRACT_CORPUS) });
    bed.analysis = await AnalysisService.load(bed.store);
  });
  afterAll(async () => {
    await bed.fake.close();
    bed.store.close();
  });
  beforeEach(() => bed.fake.reset());
  return bed;
}
