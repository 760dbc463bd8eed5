/**
 * @module Briefings and watch alerts into Slack channels: the parent message and, for long ones,
 * thread replies, through the one retry layer (each part retried on its own, never sent twice).
 */
import { ThreatBriefError } from '../../core/errors.ts';
import type {
  ChatDestination,
  OutgoingMessage,
  PostedMessage,
} from '../../core/ports/chat-destination.ts';
import type { Logger } from '../../core/ports/logger.ts';
import { renderSlack } from '../render/slack-blocks.ts';
import { DEFAULT_POST_RETRY, type PostRetryPolicy, postParts } from './post-parts.ts';
import type { SlackClient } from './slack-poster.ts';
import { parseSlackThreadId, slackThreadId } from './thread-ids.ts';

export type { PostRetryPolicy };

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
    const ids = await postParts(
      {
        client: this.#deps.client,
        logger: this.#deps.logger,
        retry: this.#deps.retry ?? DEFAULT_POST_RETRY,
      },
      { channel: target, threadTs: existing?.ts, messages },
    );
    // The caller remembers the thread (with its briefing items) under this id for follow-ups.
    return { threadId: slackThreadId(target, existing?.ts ?? ids[0]!), messageIds: ids };
  }
}
