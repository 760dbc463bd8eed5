/** @module ChatDestination port: posts an answer or a briefing to a channel on one platform. */
import type { Answer } from '../model/answer.ts';

export interface OutgoingMessage {
  answer: Answer;
  /** Stored answer id, for feedback buttons. */
  answerId?: string;
  /** Post as replies in this existing thread instead of a new top-level message. */
  threadId?: string;
}

export interface PostedMessage {
  /** Platform-qualified thread id of the post, for follow-ups ("slack:C123:1700000000.000100"). */
  threadId: string;
  /** Every message id posted (parent first, then thread replies). */
  messageIds: string[];
}

export interface ChatDestination {
  readonly platform: string;
  /** Renders for the platform and posts; long content is split into a parent and thread replies. */
  post(channel: string, message: OutgoingMessage): Promise<PostedMessage>;
}
