/**
 * @module What a report's text says about itself: a headline for text that came without a title,
 * and whether it declares itself machine-written ("AI Generated Content").
 */

const MAX_HEADLINE = 120;

/** Section labels news aggregators put above their text. */
const LABEL =
  /^(?:what(?:'s|’s| is) (?:the story about|happening|next)|why (?:it(?:'s|’s| is)|is it) important|summary|key (?:points|takeaways|findings)|overview|in brief|tl;?dr|background|what we know)\s*[?:.]?$/i;

/** "What is the story about?", "Summary": a section label, not a headline. */
function isLabel(line: string): boolean {
  if (LABEL.test(line)) return true;
  // A question with nothing named in it is an aggregator's prompt, not a news headline.
  const words = line.split(/\s+/);
  return /\?$/.test(line) && !words.slice(1).some((w) => /^[\p{Lu}\d]/u.test(w));
}

/** The first line when it reads like a headline, else the opening sentence, cut at a word. */
export function headlineOf(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^#+\s*|^\*\*|\*\*$/g, '').trim())
    .filter(Boolean)
    .slice(0, 6);
  for (const line of lines) {
    if (isLabel(line)) continue;
    if (line.length <= MAX_HEADLINE && !/[.;:,]$/.test(line)) return line;
    const sentence = /^.+?[.!?](?=\s|$)/.exec(line)?.[0] ?? line;
    if (sentence.length <= MAX_HEADLINE) return sentence.replace(/\.$/, '');
    const cut = sentence.slice(0, MAX_HEADLINE - 1);
    return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
  }
  return undefined;
}

const AI_MARK =
  /^(?:AI[- ]generated(?: (?:content|summary|article|text))?|(?:this (?:summary|article|story|content|text|report) (?:was|is|has been) )?(?:generated|written|produced|created|drafted) (?:by|with|using) (?:an? )?(?:AI|artificial intelligence|a language model)(?: tools?)?)\.?$/i;

/** Whether the text's first or last lines declare it machine-written. */
export function declaresAiGenerated(text: string): boolean {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/[*_]/g, '').trim())
    .filter(Boolean);
  return [...lines.slice(0, 3), ...lines.slice(-4)].some((l) => AI_MARK.test(l));
}
