/**
 * @module The few fields of a Teams activity the bot reads, validated at the boundary, and the keys
 * derived from them: the destination (channel or chat), the thread, the user.
 */
import { z } from 'zod';

const AccountSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  aadObjectId: z.string().nullish(),
});

/** A limited view: only what the handlers use. Everything else in the activity is left to botbuilder. */
export const TeamsActivitySchema = z.object({
  type: z.string(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  text: z.string().nullish(),
  replyToId: z.string().nullish(),
  from: AccountSchema.nullish(),
  recipient: AccountSchema.nullish(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().nullish(),
  }),
  channelData: z
    .object({
      channel: z.object({ id: z.string() }).nullish(),
      team: z.object({ id: z.string() }).nullish(),
    })
    .nullish(),
  value: z.unknown().optional(),
});
export type TeamsActivity = z.infer<typeof TeamsActivitySchema>;

export function readActivity(activity: unknown): TeamsActivity {
  return TeamsActivitySchema.parse(activity);
}

/** "19:abc@thread.tacv2;messageid=1700" -> "19:abc@thread.tacv2": the channel or chat itself. */
export function baseConversationId(conversationId: string): string {
  const at = conversationId.indexOf(';');
  return at < 0 ? conversationId : conversationId.slice(0, at);
}

/** The root message of a channel thread, from its conversation id; undefined for chats. */
export function rootMessageId(conversationId: string): string | undefined {
  return /;messageid=([^;]+)/.exec(conversationId)?.[1];
}

export function isChannelConversation(activity: TeamsActivity): boolean {
  return activity.conversation.conversationType === 'channel';
}

export function isPersonalChat(activity: TeamsActivity): boolean {
  return activity.conversation.conversationType === 'personal';
}

/**
 * Where clearances, subscriptions and conversation references are kept: the team channel's id for
 * channels (every thread of the channel shares it), the conversation id for personal and group chats.
 */
export function destinationKey(activity: TeamsActivity): string {
  return activity.channelData?.channel?.id ?? baseConversationId(activity.conversation.id);
}

/**
 * The conversation a follow-up belongs to. In a channel it is the thread ("...;messageid=<root>"):
 * Teams puts the root in the conversation id; when it does not, the message itself is the root.
 * A personal or group chat has no threads: the whole chat is one conversation.
 */
export function threadConversationId(activity: TeamsActivity): string {
  const id = activity.conversation.id;
  if (!isChannelConversation(activity) || rootMessageId(id)) return id;
  const root = activity.replyToId ?? activity.id;
  return root ? `${id};messageid=${root}` : id;
}

export const teamsThreadId = (conversationId: string) => `teams:${conversationId}`;

/** Platform-qualified user id: the Entra object id when Teams sends it (stable across chats). */
export function teamsUserId(activity: TeamsActivity): string | undefined {
  const from = activity.from;
  if (!from) return undefined;
  return `teams:${from.aadObjectId ?? from.id}`;
}

/** Key for recognising a redelivered activity: ids are unique within a conversation. */
export function eventKey(activity: TeamsActivity): string | undefined {
  return activity.id ? `${baseConversationId(activity.conversation.id)}|${activity.id}` : undefined;
}
