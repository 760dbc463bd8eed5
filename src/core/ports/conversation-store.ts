/** @module ConversationStore port (role: conversations and thread memory): thread memory, the answers given, and the feedback on them. */
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
}
