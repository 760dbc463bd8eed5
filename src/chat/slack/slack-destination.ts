/**
 * @module Briefings and watch alerts into Slack channels: the parent message and, for long ones,
 * thread replies; each post retried with backoff when Slack or the network fails for a moment.
 */
import { ThreatBriefError } from '../../core/errors.ts';
import type {
  ChatDestination,
  OutgoingMessage,
  PostedMessage,
} from '../../core/ports/chat-destination.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { renderSlack, type SlackMessage } from '../render/slack-blocks.ts';
import { describeFailure, isTransient } from './slack-failures.ts';
import { SAFE_POST, type SlackClient } from './slack-poster.ts';
import { parseSlackThreadId, slackThreadId } from './thread-ids.ts';

export interface PostRetryPolicy {
  /** Tries per message, the first included. */
  attempts: number;
  /** Wait before try `n + 1` (n = 1 after the first failure). */
  delayMs(n: number): number;
  sleep(ms: number): Promise<void>;
}

/** 1 s, 4 s, 16 s: past a Slack hiccup, well inside a briefing's slot. */
export const DEFAULT_POST_RETRY: PostRetryPolicy = {
  attempts: 4,
  delayMs: (n) => 1000 * 4 ** (n - 1),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SlackDestinationDeps {
  client: SlackClient;
  logger: Logger;
  retry?: PostRetryPolicy;
}

export class SlackDestination implements ChatDestination {
  readonly platform = 'slack';
  readonly #deps: SlackDestinationDeps;

  constructor(deps: SlackDestinationDeps) {
    this.#deps = deps;
  }

  async post(channel: string, message: OutgoingMessage): Promise<PostedMessage> {
    const existing = message.threadId ? parseSlackThreadId(message.threadId) : null;
    if (message.threadId && !existing)
      throw new ThreatBriefError('invalid_input', `not a Slack thread id: ${message.threadId}`);
    const target = existing?.channel ?? channel;
    const messages = renderSlack(message.answer, { answerId: message.answerId });
    const ids: string[] = [];
    let threadTs = existing?.ts;
    for (const [index, rendered] of messages.entries()) {
      try {
        const ts = await this.#postWithRetry(target, threadTs, rendered);
        ids.push(ts);
        threadTs ??= ts;
      } catch (error) {
        const failure = describeFailure(error);
        const where = threadTs ? ` in thread ${slackThreadId(target, threadTs)}` : '';
        throw new ThreatBriefError(
          'platform',
          `Slack post ${index + 1} of ${messages.length} to ${target} failed (${failure.code}); ${ids.length} posted${where}`,
          { cause: error },
        );
      }
    }
    // The caller remembers the thread (with its briefing items) under this id for follow-ups.
    return { threadId: slackThreadId(target, threadTs!), messageIds: ids };
  }

  async #postWithRetry(
    channel: string,
    threadTs: string | undefined,
    message: SlackMessage,
  ): Promise<string> {
    const retry = this.#deps.retry ?? DEFAULT_POST_RETRY;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await this.#deps.client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          ...SAFE_POST,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        });
        return String(result.ts);
      } catch (error) {
        const code = describeFailure(error).code;
        if (attempt >= retry.attempts || !isTransient(error)) {
          this.#deps.logger.error('slack: briefing post failed', { channel, code, attempt });
          throw error;
        }
        const wait = retry.delayMs(attempt);
        this.#deps.logger.warn('slack: briefing post failed, retrying', {
          channel,
          code,
          attempt,
          waitMs: wait,
        });
        await retry.sleep(wait);
      }
    }
  }
}
