/** @module Every escape of report-derived text for Slack mrkdwn, Markdown and terminals, in one place. */
import { defang, findIndicators } from '../../core/text/defang.ts';

/** CSI and OSC sequences go whole, so no "[31m" debris is left behind by a stripped ESC. */
const ANSI_SEQUENCE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding escape sequences is the point
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g;
/** C0 and C1 controls, DEL, and the bidi overrides that make text read differently than it is stored. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const BROADCAST = /@(here|channel|everyone)\b/gi;
const WORD_JOINER = '\u2060';

/**
 * Report text goes into inline places (a bullet, a table cell, a link label), so line breaks become
 * spaces: a newline inside a claim could otherwise start a heading, a list or a quote.
 */
function clean(text: string, trim: boolean): string {
  const flat = text
    .replace(ANSI_SEQUENCE, '')
    .replace(/[\s\u2028\u2029]+/g, ' ')
    .replace(CONTROL, '');
  return trim ? flat.trim() : flat;
}

/** A word joiner after the @ keeps the word readable but stops every client from treating it as a ping. */
function neutraliseBroadcasts(text: string): string {
  return text.replace(BROADCAST, `@${WORD_JOINER}$1`);
}

/**
 * Splits text into indicators (defanged) and the prose around them, escaping each part for the target
 * format. Indicators are found before escaping, because escaping would hide them from the patterns.
 */
function escapeWith(text: string, escapeChars: (part: string) => string, trim = true): string {
  const source = clean(text, trim);
  let out = '';
  let at = 0;
  for (const found of findIndicators(source)) {
    out += escapeChars(defangLeftovers(source.slice(at, found.start)));
    out += escapeChars(defang(source.slice(found.start, found.end)));
    at = found.end;
  }
  out += escapeChars(defangLeftovers(source.slice(at)));
  return neutraliseBroadcasts(out);
}

/** A safety net for what findIndicators leaves: an IP that ends a sentence, "www." with an unknown TLD. */
const TRAILING_IPV4 = /(?<![\w.])((?:\d{1,3}\.){3})(\d{1,3})(?!\w|\.\d)/g;

function defangLeftovers(prose: string): string {
  return prose
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}[.]`)
    .replace(TRAILING_IPV4, (_, head: string, last: string) => `${head.slice(0, -1)}[.]${last}`);
}

/** Slack mrkdwn: only &, < and > are control characters; encoding them means no <!channel>, <@U1> or <url|x>. */
export function escapeSlack(text: string): string {
  return escapeWith(text, (part) =>
    part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
}

// Parentheses are left alone: with every "[" escaped no link can open, and the one "](" a kept
// citation mark could form is escaped below; an archive full of "\(" reads badly as raw text.
const MARKDOWN_SPECIAL = /[\\`*_[\]#|<>~&]/g;

/**
 * CommonMark, GitHub and Teams markdown: every character that can open a link, image, emphasis, code,
 * heading, table or HTML is backslash-escaped; a leading "1." or "-" cannot start a list.
 */
export function escapeMarkdown(text: string): string {
  const escaped = escapeWith(text, (part) => part.replace(MARKDOWN_SPECIAL, '\\$&'));
  return (
    escaped
      // A citation mark like "[2]" inside a basis or conflict line stays readable (and becomes a Teams
      // citation): a "(" right after it is escaped so it cannot open a link, and only at the very
      // start could it define one.
      .replace(/(?<!^)\\\[(\d{1,4})\\\]/g, '[$1]')
      .replace(/\]\(/g, ']\\(')
      .replace(/^(\d+)([.)])/, '$1\\$2')
      .replace(/^([-+=])/, '\\$1')
  );
}

/**
 * Terminals: no escape sequence from a report reaches the screen (no colour, cursor or title tricks),
 * indicators are defanged, and @here is neutralised because console output gets pasted into chat.
 */
export function plainTerminal(text: string): string {
  return escapeWith(text, (part) => part);
}

/** plainTerminal for a piece set between others (a highlighted word): its edge spaces are kept. */
export function plainTerminalPiece(text: string): string {
  return escapeWith(text, (part) => part, false);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * A name that must stay findable (a file path, a command argument): nothing is removed or defanged,
 * but every control, escape and bidi character is shown as a visible escape (\n, \x1b, \u202e),
 * so a name cannot move the cursor, retitle the window or reorder the line it is printed on.
 */
export function visibleName(text: string): string {
  return text.replace(INVISIBLE, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return code <= 0xff
      ? `\\x${code.toString(16).padStart(2, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The one gate for links: only an http(s) URL that parses comes out, normalised, with the characters
 * that could end a Slack link or a Markdown destination percent-encoded. Anything else is null.
 */
export function safeHttpUrl(raw: string | null | undefined): string | null {
  // Longer than browsers and chat clients reliably accept; such a link is shown as its title alone.
  if (!raw || raw.length > 2048) return null;
  const candidate = raw.replace(ANSI_SEQUENCE, '').replace(CONTROL, '').trim();
  if (!URL.canParse(candidate)) return null;
  const url = new URL(candidate);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.replace(
    /[|<>()\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** Shortens text to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…` : text;
}

/**
 * Escapes then shortens so the *escaped* text fits `max`: cutting escaped text could split "&amp;" or
 * "\[", so the raw text is cut instead, as long as its escaped form still fits (a binary search).
 */
export function fitEscaped(raw: string, max: number, escapeFor: (text: string) => string): string {
  const whole = escapeFor(raw);
  if (whole.length <= max) return whole;
  let best = '';
  let low = 1;
  let high = Math.min(raw.length, max);
  while (low <= high) {
    const room = Math.floor((low + high) / 2);
    const escaped = escapeFor(truncate(raw, room));
    if (escaped.length <= max) {
      best = escaped;
      low = room + 1;
    } else {
      high = room - 1;
    }
  }
  return best;
}
