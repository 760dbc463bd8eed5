/**
 * @module The Answer as Teams messages: Bot Framework activities with an Adaptive Card 1.5, one
 * schema.org Message entity (AI label and citations) and, when asked, the feedback loop. Plain JSON
 * only; the Teams adapter sends it. A long answer is split (a parent, then replies in its thread)
 * so every activity and card stays within Teams' limits, counted in UTF-16 as Microsoft does.
 */
import {
  type Answer,
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
import { escapeMarkdown, fitEscaped, safeHttpUrl } from './escape.ts';
import { packGreedy } from './pack.ts';
import {
  CITATION_LIMITS,
  type CitationClaim,
  citationClaim,
  type MessageEntity,
  messageEntity,
} from './teams-entity.ts';

export type CardElement = { type: string } & Record<string, unknown>;

export interface AdaptiveCard {
  $schema: string;
  type: 'AdaptiveCard';
  version: '1.5';
  body: CardElement[];
  msteams: { width: 'Full' };
}

export interface TeamsMessage {
  type: 'message';
  text: string;
  textFormat: 'markdown';
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive'; content: AdaptiveCard }];
  entities: [MessageEntity];
  channelData?: { feedbackLoop: { type: 'default' } };
}

export interface TeamsRenderOptions {
  /** Shows Teams' thumbs up/down on the answer's last message. */
  feedback: boolean;
}

/**
 * Teams caps a bot message near 100 KB counted as UTF-16 (two bytes per code unit, which is how
 * Microsoft measures it) and advises staying within 80 KB; a bigger one gets 413 MessageSizeTooBig.
 * Counted in UTF-8 an ASCII-heavy message looks half its size, which is how 133 KB went out.
 */
export const MESSAGE_BYTES = 80_000;

/** The card alone within the 40 KB Teams long documented for a whole bot message (UTF-16). */
export const CARD_BYTES = 40_000;

/** Packing aims below the limits so the continuation note added afterwards cannot tip one over. */
const PACK_BUDGET = 76_000;
const CARD_BUDGET = 38_000;
const CHUNK_CHARS = 6_000;
const MARKS_SHOWN = 40;
const md = escapeMarkdown;
const fitMd = (text: string, max: number) => fitEscaped(text, max, md);

/** One piece of an answer: statements for the activity text, elements for the card, marks it uses. */
interface Piece {
  text: string | null;
  card: CardElement[];
  cites: number[];
}

const textBlock = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});
const factSet = (facts: { title: string; value: string }[]): CardElement => ({
  type: 'FactSet',
  facts,
});
const LEVEL_COLOUR: Record<string, string> = {
  high: 'Good',
  moderate: 'Warning',
  low: 'Attention',
};

function headPiece(answer: Answer): Piece {
  const title = fitMd(answer.title, 200) || 'Answer';
  const card = [textBlock(title, { size: 'Large', weight: 'Bolder' })];
  // Withheld material and a degraded engine are said in the first message, where everyone sees them.
  for (const note of [withheldLine(answer), answer.notice]) {
    if (note?.trim()) card.push(textBlock(fitMd(note, 500), { isSubtle: true, color: 'Warning' }));
  }
  const summary = answer.summary.trim() ? `\n\n${fitMd(answer.summary, 3000)}` : '';
  return { text: `**${title}**${summary}`, card, cites: [] };
}

function attributionPiece(line: AttributionLine, title: string): Piece {
  const heading = attributionHeading(line, title, (s) => fitMd(s, 200));
  const label = confidenceLabel(line);
  const to = fitMd(line.attributedTo, 300);
  const facts = [
    { title: 'Attributed to', value: to },
    { title: 'Confidence', value: label },
    { title: 'Basis', value: fitMd(line.basis, 1500) },
  ];
  const against = dissent(line, (s) => fitMd(s, 100));
  if (against) facts.push({ title: 'Against', value: against });
  return {
    text: `**${heading}:** ${to} — **${label}** ${marks(line.citations, MARKS_SHOWN)}`.trimEnd(),
    card: [
      textBlock(`${heading}: **${label}**`, {
        weight: 'Bolder',
        color: LEVEL_COLOUR[line.confidence] ?? 'Default',
      }),
      factSet(facts),
    ],
    cites: line.citations.slice(0, MARKS_SHOWN),
  };
}

/** A section's claims as markdown list lines, cut into chunks so no single piece nears the budget. */
function sectionPieces(title: string, claims: Answer['sections'][number]['claims']): Piece[] {
  const heading = `**${fitMd(title, 200) || 'Details'}**`;
  const pieces: Piece[] = [];
  let lines: string[] = [];
  let cites: number[] = [];
  let size = 0;
  const flush = () => {
    if (lines.length === 0) return;
    const head = pieces.length === 0 ? heading : `${heading} (continued)`;
    pieces.push({ text: `${head}\n\n${lines.join('\n')}`, card: [], cites });
    lines = [];
    cites = [];
    size = 0;
  };
  for (const claim of claims) {
    const m = marks(claim.citations, MARKS_SHOWN);
    const line = `- ${fitMd(claim.text, 2000)} ${m}`.trimEnd();
    if (size + line.length > CHUNK_CHARS) flush();
    lines.push(line);
    cites.push(...claim.citations.slice(0, MARKS_SHOWN));
    size += line.length + 1;
  }
  flush();
  return pieces;
}

function sourceFact(citation: Citation): { title: string; value: string } {
  const title = fitMd(citation.title, 200) || 'untitled';
  const url = safeHttpUrl(citation.url);
  const name = url ? `[${title}](${url})` : title;
  return {
    title: `[${citation.n}]`,
    value: `${name} — ${sourceDetails(citation, (s) => fitMd(s, 120))}`,
  };
}

function sourcePieces(citations: readonly Citation[]): Piece[] {
  const facts = sortedCitations(citations).map(sourceFact);
  const pieces: Piece[] = [];
  for (let i = 0; i < facts.length; i += 15) {
    const card = i === 0 ? [textBlock('Sources', { weight: 'Bolder', separator: true })] : [];
    pieces.push({ text: null, card: [...card, factSet(facts.slice(i, i + 15))], cites: [] });
  }
  return pieces;
}

function suggestionPiece(suggestions: readonly string[]): Piece[] {
  if (suggestions.length === 0) return [];
  const lines = suggestions
    .slice(0, 10)
    .map((s) => textBlock(`- ${fitMd(s, 300)}`, { spacing: 'None' }));
  return [
    {
      text: null,
      card: [textBlock('Try next', { weight: 'Bolder', separator: true }), ...lines],
      cites: [],
    },
  ];
}

/** What every message of one answer shares, escaped once: packing rebuilds messages many times. */
interface Frame {
  title: string;
  claims: Map<number, CitationClaim>;
  feedback: boolean;
}

function buildMessage(
  frame: Frame,
  pieces: readonly Piece[],
  index: number,
  total: number,
): TeamsMessage {
  const title = frame.title;
  const texts = pieces.map((p) => p.text).filter((t): t is string => !!t);
  const cited = [...new Set(pieces.flatMap((p) => p.cites))]
    .filter((n) => frame.claims.has(n))
    .sort((a, b) => a - b);
  const linked = cited.slice(0, CITATION_LIMITS.perMessage);

  const body: CardElement[] = [];
  if (index > 0)
    body.push(textBlock(`${title} — continued (${index + 1} of ${total})`, { isSubtle: true }));
  body.push(...pieces.flatMap((p) => p.card));
  if (cited.length > linked.length) {
    const rest = cited.slice(linked.length);
    body.push(
      textBlock(
        `Teams links at most ${CITATION_LIMITS.perMessage} sources per message: ${marks(linked)} are linked here; ${marks(rest)} are listed under Sources.`,
        { isSubtle: true, separator: true },
      ),
    );
  }
  if (index === 0 && total > 1) {
    body.push(
      textBlock(`Continued in ${total - 1} more ${total === 2 ? 'message' : 'messages'}.`, {
        isSubtle: true,
      }),
    );
  }

  // Citations only where this message's text carries their marks; Teams resolves [n] to position n.
  const entity = messageEntity(linked.map((n) => frame.claims.get(n)!));

  const message: TeamsMessage = {
    type: 'message',
    text: texts.length > 0 ? texts.join('\n\n') : `${title} — continued (${index + 1} of ${total})`,
    textFormat: 'markdown',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.5',
          body,
          msteams: { width: 'Full' },
        },
      },
    ],
    entities: [entity],
  };
  if (frame.feedback && index === total - 1)
    message.channelData = { feedbackLoop: { type: 'default' } };
  return message;
}

/** Size as Microsoft counts it: the serialized JSON in UTF-16, two bytes per code unit. */
export function utf16Bytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}

/** The activity's size as Teams counts it against its limit. */
export function messageBytes(message: TeamsMessage): number {
  return utf16Bytes(message);
}

/** The Adaptive Card's size as Teams counts it. */
export function cardBytes(message: TeamsMessage): number {
  return utf16Bytes(message.attachments[0].content);
}

export function renderTeams(answer: Answer, options: TeamsRenderOptions): TeamsMessage[] {
  const frame: Frame = {
    title: fitMd(answer.title, 200) || 'Answer',
    claims: new Map(answer.citations.map((c) => [c.n, citationClaim(c)])),
    feedback: options.feedback,
  };
  const pieces: Piece[] = [
    headPiece(answer),
    ...answer.attribution.map((line) => attributionPiece(line, answer.title)),
    ...answer.sections.flatMap((s) =>
      s.claims.length > 0 ? sectionPieces(s.title, s.claims) : [],
    ),
    ...sourcePieces(answer.citations),
    ...suggestionPiece(answer.suggestions),
  ];
  // Measured with a two-digit total so the real continuation note is never longer than the one measured.
  const groups = packGreedy(pieces, (group, index) => {
    const message = buildMessage(frame, group, index, 99);
    return messageBytes(message) <= PACK_BUDGET && cardBytes(message) <= CARD_BUDGET;
  });
  return groups.map((group, index) => buildMessage(frame, group, index, groups.length));
}
