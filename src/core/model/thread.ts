/** @module What a conversation thread remembers between questions: its subject, its sources, its briefing items. */
import { z } from 'zod';
import { CitationSchema } from './answer.ts';
import { TlpSchema } from './tlp.ts';

export const DigestItemRefSchema = z.object({
  n: z.number().int().positive(),
  title: z.string(),
  reportIds: z.array(z.string()),
  actors: z.array(z.string()),
  /** False for a story ranked below what the briefing showed: "more" shows it next. */
  shown: z.boolean().default(true),
  /** The briefing's period, so "more" can rebuild exactly that briefing. */
  period: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type DigestItemRef = z.infer<typeof DigestItemRefSchema>;

export const ThreadContextSchema = z.object({
  threadId: z.string(),
  /** Actors the conversation is about; "they" and "them" resolve to these. */
  subjects: z.array(z.string()),
  /** The sources of the last answer, so "source for [2]" works. */
  citations: z.array(CitationSchema),
  /** Items of the briefing that started the thread, so "more on item 3" works. */
  digestItems: z.array(DigestItemRefSchema),
  /**
   * The latest questions asked in the thread, oldest first (at most THREAD_QUESTIONS): what a
   * model engine reads to follow the conversation. Absent in threads saved before it existed.
   */
  questions: z.array(z.string()).optional(),
  /**
   * The clearance of the destination when the thread was last answered: a turn at a lower one
   * forgets the questions asked above it. Absent in threads saved before it existed (read as RED).
   */
  clearance: TlpSchema.optional(),
  updatedAt: z.string(),
});
export type ThreadContext = z.infer<typeof ThreadContextSchema>;

/** How many questions a thread remembers: enough to follow "they", few enough to stay small. */
export const THREAD_QUESTIONS = 6;

/** The thread's questions with `question` added, bounded to the latest THREAD_QUESTIONS. */
export function withQuestion(thread: ThreadContext, question: string): string[] {
  const text = question.trim().slice(0, 500);
  const earlier = thread.questions ?? [];
  return text ? [...earlier, text].slice(-THREAD_QUESTIONS) : earlier;
}

export function emptyThread(threadId: string, now: Date): ThreadContext {
  return { threadId, subjects: [], citations: [], digestItems: [], updatedAt: now.toISOString() };
}
