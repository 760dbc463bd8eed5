/**
 * @module One structured call to an OpenAI-compatible chat endpoint through the `openai` SDK. The
 * SDK retries 429 and 5xx with backoff, honouring retry-after; a deadline bounds the call, retries
 * included. Every way it can fail (timeout, refusal, output that does not validate, an endpoint
 * that keeps failing) becomes a ThreatBriefError of code 'engine', which the fallback wrapper turns
 * into the extractive answer. Each call is logged with its tokens, latency and estimated cost.
 */
import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/error';
import { zodResponseFormat } from 'openai/helpers/zod';
import { ThreatBriefError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { type ModelAnswer, ModelAnswerSchema } from './model-output.ts';
import { estimateCostUsd, messagesTokenCount, type Prices } from './tokens.ts';

export interface ModelClientOptions {
  apiKey: string;
  /** OpenAI, Azure OpenAI's /openai/v1/, vLLM, Ollama ... (the SDK's default when absent). */
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
  /** US dollars per million tokens, for the cost estimate in the log. */
  prices: Prices;
  clock: Clock;
  logger: Logger;
  breaker?: CircuitBreaker;
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface CallLog {
  /** What the answer was for: "ask", "actor", "briefing". */
  purpose: string;
  passages: number;
}

type Failure = { outcome: string; message: string; endpointFailed: boolean };

export class ModelClient {
  readonly model: string;
  readonly breaker: CircuitBreaker;
  readonly #client: OpenAI;
  readonly #options: ModelClientOptions;

  constructor(options: ModelClientOptions) {
    this.model = options.model;
    this.#options = options;
    this.breaker = options.breaker ?? new CircuitBreaker(options.clock);
    const log = options.logger;
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      ...(options.baseURL ? { baseURL: options.baseURL } : {}),
      // Given here so the SDK does not read them from the environment (config.ts reads it).
      organization: null,
      project: null,
      webhookSecret: null,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
      logLevel: 'warn',
      logger: {
        debug: (m) => log.debug(String(m)),
        info: (m) => log.info(String(m)),
        warn: (m) => log.warn(`openai sdk: ${String(m)}`),
        error: (m) => log.error(`openai sdk: ${String(m)}`),
      },
    });
  }

  /** The model's validated answer, or a ThreatBriefError('engine') saying why there is none. */
  async complete(messages: ChatMessage[], call: CallLog): Promise<ModelAnswer> {
    const { logger, timeoutMs, maxOutputTokens } = this.#options;
    const paused = this.breaker.pausedUntil();
    if (paused) {
      logger.info('model call skipped: circuit open', { purpose: call.purpose, until: paused });
      throw new ThreatBriefError(
        'engine',
        `the language model endpoint failed ${this.breaker.failures} times in a row; it is not asked again before ${paused.toISOString().slice(11, 19)} UTC`,
      );
    }
    const counted = messagesTokenCount(messages);
    const started = performance.now();
    const fields = { purpose: call.purpose, model: this.model, passages: call.passages, counted };
    try {
      const completion = await this.#client.chat.completions.parse(
        {
          model: this.model,
          messages,
          response_format: zodResponseFormat(ModelAnswerSchema, 'grounded_answer'),
          max_completion_tokens: maxOutputTokens,
        },
        // The whole call, retries included, ends by the deadline: a chat reply cannot wait longer.
        { signal: AbortSignal.timeout(timeoutMs) },
      );
      const usage = completion.usage;
      const message = completion.choices[0]?.message;
      this.breaker.succeeded();
      const promptTokens = usage?.prompt_tokens ?? counted;
      const completionTokens = usage?.completion_tokens ?? 0;
      logger.info('model call', {
        ...fields,
        outcome: message?.refusal ? 'refused' : message?.parsed ? 'ok' : 'empty',
        promptTokens,
        completionTokens,
        latencyMs: Math.round(performance.now() - started),
        costUsd: estimateCostUsd(this.#options.prices, promptTokens, completionTokens),
      });
      if (message?.refusal)
        throw new ThreatBriefError('engine', 'the language model declined to answer');
      if (!message?.parsed)
        throw new ThreatBriefError('engine', 'the language model returned no answer');
      return message.parsed;
    } catch (error) {
      if (error instanceof ThreatBriefError) throw error;
      const failure = classify(error, timeoutMs);
      if (failure.endpointFailed) this.breaker.failed();
      else this.breaker.succeeded();
      logger.warn('model call failed', {
        ...fields,
        outcome: failure.outcome,
        error: error instanceof Error ? error.message : String(error),
        latencyMs: Math.round(performance.now() - started),
        failuresInARow: this.breaker.failures,
      });
      throw new ThreatBriefError('engine', failure.message, { cause: error });
    }
  }
}

function classify(error: unknown, timeoutMs: number): Failure {
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  if (error instanceof APIUserAbortError || error instanceof APIConnectionError) {
    const timedOut =
      error instanceof APIUserAbortError || /timed? ?out|abort/i.test(String(error.message));
    return timedOut
      ? {
          outcome: 'timeout',
          message: `the language model did not answer within ${seconds}`,
          endpointFailed: true,
        }
      : {
          outcome: 'unreachable',
          message: 'the language model endpoint could not be reached',
          endpointFailed: true,
        };
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const what =
      status === 429
        ? 'kept refusing for rate limits (HTTP 429)'
        : status >= 500
          ? `kept failing (HTTP ${status})`
          : `rejected the request (HTTP ${status})`;
    return {
      outcome: `http-${status}`,
      message: `the language model endpoint ${what}`,
      endpointFailed: true,
    };
  }
  if (error instanceof LengthFinishReasonError)
    return {
      outcome: 'too-long',
      message: "the language model's answer was cut off at the output token limit",
      endpointFailed: false,
    };
  if (error instanceof ContentFilterFinishReasonError)
    return {
      outcome: 'filtered',
      message: "the language model's content filter stopped the answer",
      endpointFailed: false,
    };
  // JSON that does not parse, or parses into something the schema rejects.
  return {
    outcome: 'invalid',
    message: "the language model's answer was not in the required format",
    endpointFailed: false,
  };
}
