/**
 * @module The Answer as Slack Block Kit messages: a parent post and, when it does not fit, thread
 * replies. Plain JSON only; the Slack adapter sends it (with link_names false, unfurls off).
 */
import {
  type Answer,
  type AnswerSection,
  type AttributionLine,
  type Citation,
  withheldLine,
} from '../../core/model/answer.ts';
import {
  attributionHeading,
  confidenceLabel,
  dissent,
  marks,
  sortedCitations,
  sourceDetails,
} from './answer-text.ts';
import { escapeSlack as esc, fitEscaped, safeHttpUrl, truncate } from './escape.ts';
import { packGreedy } from './pack.ts';

/** The action id of the feedback buttons; the Slack adapter listens for it. */
export const FEEDBACK_ACTION_ID = 'answer_feedback';

export type SlackBlock = { type: string } & Record<string, unknown>;

export interface SlackMessage {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: SlackBlock[];
}

export interface SlackRenderOptions {
  /** Adds feedback buttons whose values name this answer. */
  answerId?: string;
}

/** Slack's published limits, with our own margin on the total so edits and footers never tip it over. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  /** Slack allows 12,000 characters of text per message; we stay well under. */
  messageText: 10_000,
  fallbackText: 3000,
} as const;

/** Room kept in every message for the continuation notes and the feedback block. */
const RESERVED_BLOCKS = 3;
const RESERVED_CHARS = 600;
/** Heading (at most 216 characters with "continued") + newline + line stays under a section's 3,000. */
const LINE_MAX = 2700;
const MARKS_SHOWN = 40;

/** Text objects are verbatim: Slack then links or pings nothing by itself, only our explicit <url|label>. */
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (texts: string[]): SlackBlock => ({
  type: 'context',
  elements: texts.slice(0, SLACK_LIMITS.contextElements).map(mrkdwn),
});

/** Every character of text a block carries, as Slack counts it against the message. */
export function blockText(block: SlackBlock): number {
  return blockTexts(block).reduce((sum, t) => sum + t.length, 0);
}

/** Every `text` string inside blocks (or any Block Kit JSON), in document order. */
export function blockTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(blockTexts);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === 'text' && typeof inner === 'string' ? [inner] : blockTexts(inner),
  );
}

/** Lines into section texts of at most 3,000 characters; the heading repeats on each continuation. */
function sections(heading: string, lines: string[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let text = heading;
  for (const raw of lines) {
    // Lines are built to fit; this cut only guards the limit should a caller's line not.
    const line = truncate(raw, LINE_MAX);
    if (text.length + 1 + line.length > SLACK_LIMITS.sectionText && text !== heading) {
      blocks.push(section(text));
      text = `${heading} _(continued)_`;
    }
    text = `${text}\n${line}`;
  }
  blocks.push(section(text));
  return blocks;
}

function attributionBlock(line: AttributionLine, title: string): SlackBlock {
  const heading = attributionHeading(line, fitEscaped(title, 200, esc), (s) =>
    fitEscaped(s, 200, esc),
  );
  const head = `*${heading}:* ${fitEscaped(line.attributedTo, 300, esc)} — *${confidenceLabel(line)}* ${marks(line.citations, MARKS_SHOWN)}`;
  const parts = [head.trimEnd(), `_basis:_ ${fitEscaped(line.basis, 1500, esc)}`];
  const against = dissent(line, (s) => fitEscaped(s, 100, esc));
  if (against) parts.push(against);
  return section(parts.join('\n'));
}

function claimBlocks(part: AnswerSection): SlackBlock[] {
  const heading = `*${fitEscaped(part.title, 200, esc) || 'Details'}*`;
  const lines = part.claims.map((claim) => {
    const m = marks(claim.citations, MARKS_SHOWN);
    return `• ${fitEscaped(claim.text, LINE_MAX - m.length - 3, esc)} ${m}`.trimEnd();
  });
  return sections(heading, lines);
}

function sourceLine(citation: Citation): string {
  const title = fitEscaped(citation.title, 200, esc) || 'untitled';
  const url = safeHttpUrl(citation.url);
  // & is Slack's escape character, even inside a link; | and > were percent-encoded by safeHttpUrl.
  const name = url ? `<${url.replace(/&/g, '&amp;')}|${title}>` : title;
  return `[${citation.n}] ${name} — ${truncate(
    sourceDetails(citation, (s) => fitEscaped(s, 120, esc)),
    400,
  )}`;
}

function contentBlocks(answer: Answer): SlackBlock[] {
  const blocks: SlackBlock[] = answer.attribution.map((line) =>
    attributionBlock(line, answer.title),
  );
  for (const part of answer.sections) if (part.claims.length > 0) blocks.push(...claimBlocks(part));
  if (answer.citations.length > 0) {
    blocks.push(
      { type: 'divider' },
      ...sections('*Sources*', sortedCitations(answer.citations).map(sourceLine)),
    );
  }
  if (answer.suggestions.length > 0) {
    const lines = answer.suggestions.slice(0, 10).map((s) => `• ${fitEscaped(s, 250, esc)}`);
    blocks.push(...sections('*Try next*', lines));
  }
  return blocks;
}

function headBlocks(answer: Answer): SlackBlock[] {
  const title = fitEscaped(answer.title, SLACK_LIMITS.headerText, esc) || 'Answer';
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
  ];
  if (answer.summary.trim()) blocks.push(section(fitEscaped(answer.summary, 2000, esc)));
  // Withheld material and a degraded engine are said up front, in the post everyone sees.
  const notes = [withheldLine(answer), answer.notice].filter((n): n is string => !!n?.trim());
  if (notes.length > 0) blocks.push(context(notes.map((n) => `_${fitEscaped(n, 500, esc)}_`)));
  return blocks;
}

function fits(blocks: readonly SlackBlock[]): boolean {
  const chars = blocks.reduce((sum, b) => sum + blockText(b), 0);
  return (
    blocks.length <= SLACK_LIMITS.blocks - RESERVED_BLOCKS &&
    chars <= SLACK_LIMITS.messageText - RESERVED_CHARS
  );
}

function feedbackBlock(answerId: string): SlackBlock {
  const button = (text: string, label: string, value: string) => ({
    text: { type: 'plain_text', text },
    accessibility_label: label,
    value,
  });
  return {
    type: 'context_actions',
    elements: [
      {
        type: 'feedback_buttons',
        action_id: FEEDBACK_ACTION_ID,
        positive_button: button('👍', 'This answer was useful', `${answerId}:up`),
        negative_button: button('👎', 'This answer was not useful', `${answerId}:down`),
      },
    ],
  };
}

export function renderSlack(answer: Answer, options: SlackRenderOptions = {}): SlackMessage[] {
  const head = headBlocks(answer);
  const groups = packGreedy(contentBlocks(answer), (group, index) =>
    fits(index === 0 ? [...head, ...group] : group),
  );
  if (groups.length === 0) groups.push([]);

  const title = fitEscaped(answer.title, 150, esc) || 'Answer';
  const total = groups.length;
  const lead = [title, answer.attribution[0] ? confidenceLabel(answer.attribution[0]) : null]
    .filter(Boolean)
    .join(' — ');
  return groups.map((group, index) => {
    const blocks: SlackBlock[] = [];
    if (index === 0) blocks.push(...head);
    else blocks.push(context([`*${title}* · continued (${index + 1} of ${total})`]));
    blocks.push(...group);
    if (index === 0 && total > 1) {
      blocks.push(
        context([
          `Continued in the thread (${total - 1} more ${total === 2 ? 'message' : 'messages'}).`,
        ]),
      );
    }
    if (index === total - 1 && options.answerId) blocks.push(feedbackBlock(options.answerId));
    const text =
      index === 0
        ? `${lead}${answer.summary.trim() ? `: ${fitEscaped(answer.summary, 800, esc)}` : ''}`
        : `${title} (continued, ${index + 1} of ${total})`;
    return { text, blocks };
  });
}
