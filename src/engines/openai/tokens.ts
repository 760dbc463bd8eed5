/**
 * @module Token counts and cost estimates. Counting uses gpt-tokenizer's o200k_base encoding, the
 * one current OpenAI chat models use (for a self-hosted model a close estimate, which is all a
 * budget needs). Prices are configured (OPENAI_PRICE_INPUT/OUTPUT): published prices move, and a
 * self-hosted model's cost is the team's own figure.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';

/** Report text may hold "<|endoftext|>"; here it is counted as the plain text it is. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

export function tokenCount(text: string): number {
  return countTokens(text, AS_TEXT);
}

/** What a chat request's framing costs on top of its messages' text (per message, and once). */
export const MESSAGE_OVERHEAD = 4;
export const REQUEST_OVERHEAD = 3;

export function messagesTokenCount(messages: readonly { content: string }[]): number {
  return (
    REQUEST_OVERHEAD +
    messages.reduce((sum, m) => sum + MESSAGE_OVERHEAD + tokenCount(m.content), 0)
  );
}

export interface Prices {
  /** US dollars per million prompt tokens. */
  input: number;
  /** US dollars per million completion tokens. */
  output: number;
}

export function estimateCostUsd(
  prices: Prices,
  promptTokens: number,
  completionTokens: number,
): number {
  const usd = (promptTokens * prices.input + completionTokens * prices.output) / 1_000_000;
  return Math.round(usd * 1e9) / 1e9;
}
