/**
 * @module What every Slack post shares (it names, mentions and unfurls nothing by itself), and
 * ephemeral messages for one person. Answers and briefings go through post-parts.ts.
 */
import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../render/slack-blocks.ts';

export type SlackClient = webApi.WebClient;

/**
 * Slack must not turn names into mentions or preview the many source links an answer carries;
 * `parse` is left unset (never "full"), so only our explicit <url|label> links are links.
 */
export const SAFE_POST = { link_names: false, unfurl_links: false, unfurl_media: false } as const;

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
