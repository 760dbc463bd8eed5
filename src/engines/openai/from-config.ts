/**
 * @module The model engine as the composition root builds it from config: prompts read and checked
 * (start-up stops on a bad one), the SDK client, and the engine answering locally whatever needs
 * no writing. main.ts imports this only when OPENAI_API_KEY is set.
 */
import type { Config } from '../../config.ts';
import type { AnalysisService } from '../../core/analysis/analysis-service.ts';
import type { AnalysisReadStore } from '../../core/ports/analysis-store.ts';
import type { AnswerEngine } from '../../core/ports/answer-engine.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { ReportStore } from '../../core/ports/report-store.ts';
import { ModelClient } from './model-client.ts';
import { OpenAIEngine } from './openai-engine.ts';
import { DEFAULT_PROMPTS_DIR, loadPrompts } from './prompts.ts';

export interface ModelEngineDeps {
  store: ReportStore & AnalysisReadStore;
  analysis: AnalysisService;
  clock: Clock;
  logger: Logger;
  local: AnswerEngine;
}

export function openAIEngineFromConfig(
  config: Config & { OPENAI_API_KEY: string },
  deps: ModelEngineDeps,
): OpenAIEngine {
  const prompts = loadPrompts(config.PROMPTS_DIR ?? DEFAULT_PROMPTS_DIR);
  const client = new ModelClient({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    maxOutputTokens: config.OPENAI_MAX_OUTPUT_TOKENS,
    prices: { input: config.OPENAI_PRICE_INPUT, output: config.OPENAI_PRICE_OUTPUT },
    clock: deps.clock,
    logger: deps.logger,
  });
  deps.logger.info('answer engine: openai', {
    model: config.OPENAI_MODEL,
    baseURL: config.OPENAI_BASE_URL ?? '(OpenAI)',
    maxTlp: config.LLM_MAX_TLP,
  });
  return new OpenAIEngine({
    ...deps,
    prompts,
    client,
    maxTlp: config.LLM_MAX_TLP,
    maxPromptTokens: config.OPENAI_MAX_PROMPT_TOKENS,
  });
}
