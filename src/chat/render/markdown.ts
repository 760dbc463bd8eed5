/** @module The Answer as Markdown, for the briefings archive and for copying out of the console. */
import { type Answer, type Citation, withheldLine } from '../../core/model/answer.ts';
import {
  attributionHeading,
  confidenceLabel,
  dissent,
  marks,
  sortedCitations,
  sourceDetails,
} from './answer-text.ts';
import { escapeMarkdown as md, safeHttpUrl } from './escape.ts';

function withMarks(text: string, numbers: readonly number[]): string {
  const m = marks(numbers);
  return m ? `${md(text)} ${m}` : md(text);
}

function sourceLine(citation: Citation): string {
  const title = md(citation.title) || 'untitled';
  const url = safeHttpUrl(citation.url);
  // A non-http(s) URL (javascript:, data:, file:) is dropped, not shown: the title alone is enough.
  const name = url ? `[${title}](${url})` : title;
  return `- [${citation.n}] ${name} — ${sourceDetails(citation, md)}`;
}

export function renderMarkdown(answer: Answer): string {
  const out: string[] = [`# ${md(answer.title) || 'Answer'}`];
  if (answer.summary.trim()) out.push('', md(answer.summary));

  for (const line of answer.attribution) {
    const heading = attributionHeading(line, answer.title, md);
    out.push(
      '',
      `**${heading}:** ${md(line.attributedTo)} — **${confidenceLabel(line)}** ${marks(line.citations)}`.trimEnd(),
      `- basis: ${md(line.basis)}`,
    );
    const against = dissent(line, md);
    if (against) out.push(`- ${against}`);
  }

  for (const section of answer.sections) {
    if (section.claims.length === 0) continue;
    // After "## " a leading "1." cannot start a list, so a numbered story heading keeps its dot.
    const heading = md(section.title).replace(/^(\d+)\\([.)])/, '$1$2');
    out.push('', `## ${heading || 'Details'}`, '');
    for (const claim of section.claims) out.push(`- ${withMarks(claim.text, claim.citations)}`);
  }

  if (answer.citations.length > 0) {
    out.push('', '## Sources', '', ...sortedCitations(answer.citations).map(sourceLine));
  }
  if (answer.suggestions.length > 0) {
    out.push('', '**Try next:**', '', ...answer.suggestions.map((s) => `- ${md(s)}`));
  }

  const notes = [withheldLine(answer), answer.notice].filter((n): n is string => !!n?.trim());
  for (const note of notes) out.push('', `_${md(note)}_`);
  return `${out.join('\n')}\n`;
}
