/**
 * @module Sends rendered answers to Slack: a parent message and its thread replies, or ephemeral
 * messages for one person. Every post names, mentions and unfurls nothing by itself.
 */
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../render/slack-blocks.ts';

export type SlackClient = webApi.WebClient;

/**
 * Slack must not turn names into mentions or preview the many source links an answer carries;
 * `parse` is left unset (never "full"), so only our explicit <url|label> links are links.
 */
export const SAFE_POST = { link_names: false, unfurl_links: false, unfurl_media: false } as const;

/**
 * Posts the messages in order and returns their ts. Without `threadTs` the first message becomes
 * the parent and the rest reply in its thread; with it, every message replies in that thread.
 */
export async function postMessages(
  client: SlackClient,
  target: { channel: string; threadTs?: string | undefined; messages: SlackMessage[] },
): Promise<string[]> {
  const ids: string[] = [];
  let threadTs = target.threadTs;
  for (const message of target.messages) {
    const result = await client.chat.postMessage({
      channel: target.channel,
      text: message.text,
      blocks: message.blocks,
      ...SAFE_POST,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    const ts = String(result.ts);
    ids.push(ts);
    threadTs ??= ts;
  }
  return ids;
}

/** Shows the messages to one person only (help, refusals, errors). */
export async function postEphemeral(
  client: SlackClient,
  target: {
    channel: string;
    user: string;
    threadTs?: string | undefined;
    messages: SlackMessage[];
  },
): Promise<void> {
  for (const message of target.messages) {
    await client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: message.text,
      blocks: message.blocks,
      link_names: false,
      ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    });
  }
}

/** A short message of our own (no report text), as a rendered message. */
export function plainMessage(text: string): SlackMessage {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } }] };
}
