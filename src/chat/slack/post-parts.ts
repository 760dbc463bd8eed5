/**
 * @module The one retry layer for posting to Slack: each part of an answer or briefing (the
 * parent, then its thread replies) is posted and retried on its own, so a part already accepted is
 * never sent again. Each part carries a marker in its message metadata; when a send ends without
 * an answer (a timeout, a dropped connection, a gateway error), the part may have arrived, so the
 * conversation is looked up for the marker before anything is sent again, and if it cannot be
 * checked, the part is not sent again at all.
 */
import { randomUUID } from 'node:crypto';
import { ThreatBriefError } from '../../core/errors.ts';
import type { Logger } from '../../core/ports/logger.ts';
import type { SlackMessage } from '../render/slack-blocks.ts';
import { describeFailure, isTransient, mayHaveArrived, retryAfterMs } from './slack-failures.ts';
import { SAFE_POST, type SlackClient } from './slack-poster.ts';
import { slackThreadId } from './thread-ids.ts';

export interface PostRetryPolicy {
  /** Tries per part, the first included. */
  attempts: number;
  /** Wait before try `n + 1` (n = 1 after the first failure); a longer Retry-After wins. */
  delayMs(n: number): number;
  sleep(ms: number): Promise<void>;
}

/** 1 s, 4 s, 16 s: past a Slack hiccup, well inside a briefing's slot or a reader's patience. */
export const DEFAULT_POST_RETRY: PostRetryPolicy = {
  attempts: 4,
  delayMs: (n) => 1000 * 4 ** (n - 1),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** The message metadata event type that marks our parts, so a lost reply can be looked up. */
export const PART_EVENT = 'threatbrief_part';

export interface PartsTarget {
  channel: string;
  /** Reply in this thread; without it the first part is the parent of the rest. */
  threadTs?: string | undefined;
  messages: readonly SlackMessage[];
}

export interface PostPartsDeps {
  client: SlackClient;
  logger: Logger;
  retry: PostRetryPolicy;
  /** Names this post in the parts' markers (random by default). */
  newId?: () => string;
}

interface Marker {
  post: string;
  part: number;
}

/** Posts the parts in order; returns their ts. Throws a ThreatBriefError('platform') naming what was posted. */
export async function postParts(deps: PostPartsDeps, target: PartsTarget): Promise<string[]> {
  const post = (deps.newId ?? randomUUID)();
  const ids: string[] = [];
  let threadTs = target.threadTs;
  for (const [index, message] of target.messages.entries()) {
    try {
      const ts = await postPart(deps, target.channel, threadTs, message, { post, part: index + 1 });
      ids.push(ts);
      threadTs ??= ts;
    } catch (error) {
      const failure = describeFailure(error instanceof Unsure ? error.cause : error);
      const where = threadTs ? ` in thread ${slackThreadId(target.channel, threadTs)}` : '';
      const unsure = error instanceof Unsure ? `; ${error.message}` : '';
      throw new ThreatBriefError(
        'platform',
        `Slack post ${index + 1} of ${target.messages.length} to ${target.channel} failed (${failure.code})${unsure}; ${ids.length} posted${where}`,
        { cause: error instanceof Unsure ? error.cause : error },
      );
    }
  }
  return ids;
}

/** A send whose outcome is unknown and could not be checked: it is not sent again. */
class Unsure extends Error {}

async function postPart(
  deps: PostPartsDeps,
  channel: string,
  threadTs: string | undefined,
  message: SlackMessage,
  marker: Marker,
): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const result = await deps.client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        ...SAFE_POST,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        metadata: { event_type: PART_EVENT, event_payload: { ...marker } },
      });
      return String(result.ts);
    } catch (error) {
      const code = describeFailure(error).code;
      if (mayHaveArrived(error)) {
        const found = await lookUp(deps, channel, threadTs, marker, error);
        if (found) {
          deps.logger.warn('slack: a post timed out but had arrived; not sent again', {
            channel,
            part: marker.part,
            code,
          });
          return found;
        }
      }
      if (attempt >= deps.retry.attempts || !isTransient(error)) {
        deps.logger.error('slack: post failed', { channel, part: marker.part, code, attempt });
        throw error;
      }
      const wait = Math.max(deps.retry.delayMs(attempt), retryAfterMs(error) ?? 0);
      deps.logger.warn('slack: post failed, retrying', {
        channel,
        part: marker.part,
        code,
        attempt,
        waitMs: wait,
      });
      await deps.retry.sleep(wait);
    }
  }
}

/**
 * The ts of the part if Slack has it, undefined if it surely does not; throws Unsure when the
 * conversation cannot be read (a public channel the bot is not in, say), since sending again
 * could then post it twice.
 */
async function lookUp(
  deps: PostPartsDeps,
  channel: string,
  threadTs: string | undefined,
  marker: Marker,
  original: unknown,
): Promise<string | undefined> {
  type Listed = {
    messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[];
  };
  let listed: Listed;
  try {
    listed = threadTs
      ? await deps.client.conversations.replies({
          channel,
          ts: threadTs,
          include_all_metadata: true,
          limit: 200,
        })
      : await deps.client.conversations.history({
          channel,
          include_all_metadata: true,
          limit: 50,
        });
  } catch (error) {
    throw new Unsure(
      `it may have been posted and could not be checked (${describeFailure(error).code}), so it was not sent again`,
      { cause: original },
    );
  }
  const match = listed.messages?.find((m) => {
    const payload = m.metadata?.event_payload as Partial<Marker> | undefined;
    return (
      m.metadata?.event_type === PART_EVENT &&
      payload?.post === marker.post &&
      Number(payload?.part) === marker.part
    );
  });
  return match?.ts;
}
