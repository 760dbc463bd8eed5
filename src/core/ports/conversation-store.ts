/** @module ConversationStore port: thread memory, the answers given, and the feedback on them. */
import type { Answer } from '../model/answer.ts';
import type { ThreadContext } from '../model/thread.ts';

export interface AnswerRecord {
  id: string;
  threadId: string | null;
  /** Where it was said: "slack:C123", "teams:19:abc", "cli", "console". */
  destination: string;
  answer: Answer;
  createdAt: string;
}

export interface FeedbackRecord {
  answerId: string;
  user: string;
  rating: 'up' | 'down';
  comment: string | null;
  createdAt: string;
}

export interface ConversationStore {
  getThread(threadId: string): Promise<ThreadContext | undefined>;
  saveThread(context: ThreadContext): Promise<void>;
  saveAnswer(record: AnswerRecord): Promise<void>;
  getAnswer(id: string): Promise<AnswerRecord | undefined>;
  /** Stores a rating; a user rating the same answer again replaces the earlier rating. */
  saveFeedback(feedback: FeedbackRecord): Promise<void>;
  feedbackFor(answerId: string): Promise<FeedbackRecord[]>;
  /**
   * Platform data needed to post to a channel later (a Teams conversation reference), kept per
   * (platform, channel) and replaced on each save.
   */
  saveConversationRef(
    platform: string,
    channel: string,
    reference: Record<string, unknown>,
    at: string,
  ): Promise<void>;
  conversationRef(platform: string, channel: string): Promise<Record<string, unknown> | undefined>;
  /** Which stored answer a posted platform message carries, for feedback that names only the message. */
  linkMessage(platform: string, messageKey: string, answerId: string, at: string): Promise<void>;
  answerIdForMessage(platform: string, messageKey: string): Promise<string | undefined>;
}
