/**
 * @module The Slack payloads we read, validated at the boundary with narrow schemas (only the
 * fields we use), and the one place message text is turned back into a plain question.
 */
import { z } from 'zod';

/** Slack ids: U/W users, C/G/D conversations, B bots, T teams. Upper-case letters and digits. */
const SlackId = z.string().regex(/^[A-Z0-9]{2,}$/, 'not a Slack id');
const Ts = z.string().regex(/^\d+\.\d+$/, 'not a Slack timestamp');

export const SlashCommandSchema = z.object({
  command: z.string(),
  text: z.string().default(''),
  user_id: SlackId,
  channel_id: SlackId,
});
export type SlashCommandPayload = z.infer<typeof SlashCommandSchema>;

export const MessageEventSchema = z.object({
  channel: SlackId,
  channel_type: z.string().optional(),
  user: SlackId.optional(),
  text: z.string().default(''),
  ts: Ts,
  thread_ts: Ts.optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
});
export type MessageEventPayload = z.infer<typeof MessageEventSchema>;

export const FeedbackActionSchema = z.object({
  value: z.string().regex(/^[\w-]+:(?:up|down)$/, 'not an answer rating'),
});

export const ActionBodySchema = z.object({ user: z.object({ id: SlackId }) });

const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'interactive_message',
  'message_action',
  'shortcut',
  'view_closed',
  'view_submission',
]);

const EventCallbackSchema = z.object({ event: z.object({ type: z.string() }) });

/**
 * What is wrong with a request body for Bolt and our listeners to handle it, or undefined: a slash
 * command needs its user and channel, an interactive payload its user, an event callback an event.
 * Bolt reads these before any listener runs, and fails with a 500 where they are missing.
 */
export function incomingShapeProblem(body: Record<string, unknown>): string | undefined {
  if (body.command !== undefined) {
    return SlashCommandSchema.safeParse(body).success
      ? undefined
      : 'a slash command without a valid command, user or channel';
  }
  if (typeof body.type === 'string' && INTERACTIVE_TYPES.has(body.type)) {
    return ActionBodySchema.safeParse(body).success
      ? undefined
      : `a ${body.type} payload without a valid user`;
  }
  if (body.type === 'event_callback') {
    return EventCallbackSchema.safeParse(body).success
      ? undefined
      : 'an event callback without an event';
  }
  return undefined;
}

/** Subtypes that are still a person talking; everything else (edits, joins, bots) is ignored. */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/**
 * True for a message a person wrote: not ours, not another bot's (bot_id or bot_message), not an
 * edit, deletion or join (message_changed, message_deleted, channel_join ...).
 */
export function isFromPerson(
  message: MessageEventPayload,
  bot: { botUserId?: string | undefined; botId?: string | undefined },
): boolean {
  if (message.bot_id || !message.user) return false;
  if (message.subtype && !PERSON_SUBTYPES.has(message.subtype)) return false;
  return message.user !== bot.botUserId;
}

/** True when the text mentions this bot (`<@UBOT>` or `<@UBOT|name>`). */
export function mentions(text: string, botUserId: string | undefined): boolean {
  return !!botUserId && new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`).test(text);
}

/**
 * Slack message text back to what the person typed: our own mention removed, other mentions,
 * channels and links reduced to their labels, and Slack's three entities decoded.
 */
export function questionText(text: string, botUserId?: string): string {
  const withoutBot = botUserId
    ? text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ')
    : text;
  return withoutBot
    .replace(/<([@#!])[^>|]*\|([^>]*)>/g, (_, sigil: string, label: string) =>
      sigil === '!' ? label : `${sigil}${label}`,
    )
    .replace(/<[@#!][^>]*>/g, ' ')
    .replace(/<([^>|]+)\|([^>]*)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
