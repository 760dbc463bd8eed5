/**
 * @module A story in two or three cited sentences, chosen for content: who (an actor, malware
 * or the team that found it), did what (attacked, exploited, deployed), to whom (a sector,
 * place or product), and when. Never the title again, never a heading, a link-laden line or a
 * lead-in to a list; a sentence's facets count once, so the second sentence adds something.
 */
import type { Mention } from '../model/analysis.ts';
import type { Report } from '../model/report.ts';
import { tokenize } from '../text/terms.ts';
import type { StoryFacts } from './story-facts.ts';
import { EXPLOITED } from './story-facts.ts';
import { carriesAddress, mentionsWithin, type ProseSentence, proseOf } from './story-text.ts';

export interface Chosen {
  report: Report;
  sentence: ProseSentence;
}

type Facet = 'who' | 'what' | 'whom' | 'when';

/** Reports of one story read for its summary sentences. */
const SUMMARY_REPORTS = 20;

const ACTION =
  /\b(?:attack\w*|breach\w*|compromis\w*|exploit\w*|target\w*|stole|steal\w*|deploy\w*|deliver\w*|distribut\w*|spread\w*|infect\w*|abus\w*|attribut\w*|linked|disrupt\w*|charged|indict\w*|sanction\w*|seiz\w*|encrypt\w*|exfiltrat\w*|impersonat\w*|lur\w*|phish\w*|install\w*|dropp\w*|hijack\w*|launch\w*|observed|discovered|uncovered|identified|tracked)\b/i;
const WHEN =
  /\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|(?:19|20)\d\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:last|this|early|late)\s+(?:week|month|year)|since\s+\w+)\b/i;
const WHOM_KINDS = new Set(['sector', 'region', 'country', 'technology']);

function overlap(a: string[], b: Set<string>): number {
  if (a.length === 0) return 0;
  return a.filter((w) => b.has(w)).length / a.length;
}

interface Candidate extends Chosen {
  facets: Set<Facet>;
  base: number;
}

function candidatesOf(facts: StoryFacts, report: Report, lead: boolean): Candidate[] {
  const mentions: Mention[] = facts.story.mentions.get(report.id) ?? [];
  const titleWords = new Set(tokenize(report.title));
  const actors = new Set(facts.actors);
  const malware = new Set(facts.malware);
  const factStarts = facts.facts.filter((f) => f.report.id === report.id).map((f) => f.start);
  const out: Candidate[] = [];
  for (const sentence of proseOf(report)) {
    const words = tokenize(sentence.words);
    if (sentence.kind === 'title' || sentence.kind === 'heading') continue;
    if (sentence.kind === 'table-row' || sentence.kind === 'quote') continue;
    if (words.length < 8 || sentence.text.length > 420) continue;
    // The title again, or the title glued to the first line: it says nothing the title did not.
    if (overlap(words, titleWords) >= 0.7 || sentence.text.startsWith(report.title)) continue;
    const letters = sentence.words.replace(/[^\p{L}\s]/gu, '').length / sentence.words.length;
    if (letters < 0.7) continue;
    const inside = mentionsWithin(mentions, sentence);
    const facets = new Set<Facet>();
    let base = 0;
    if (inside.some((m) => m.kind === 'actor' && actors.has(m.canonical))) {
      facets.add('who');
      base += 1;
    } else if (
      inside.some(
        (m) => (m.kind === 'malware' && malware.has(m.canonical)) || m.kind === 'originator',
      )
    ) {
      facets.add('who');
    }
    if (ACTION.test(sentence.words) || EXPLOITED.test(sentence.words)) facets.add('what');
    if (inside.some((m) => m.kind === 'cve')) {
      facets.add('what');
      base += 0.5;
    }
    if (inside.some((m) => WHOM_KINDS.has(m.kind))) facets.add('whom');
    if (WHEN.test(sentence.words)) facets.add('when');
    if (factStarts.some((s) => s >= sentence.start && s < sentence.end)) base += 1;
    if (lead && sentence.index < 4) base += 0.75;
    if (sentence.kind === 'list-item') base -= 0.5;
    if (/:\s*$/.test(sentence.text)) base -= 1.5;
    // A link or a footnote mark reads as debris in a chat summary: only if nothing else says it.
    if (carriesAddress(sentence.text)) base -= 4;
    if (/\[[^\]]*\]/.test(sentence.text)) base -= 1.5;
    out.push({ report, sentence, facets, base });
  }
  return out;
}

/** The best-reading sentence of one report: what its citation quotes when no summary line did. */
export function bestSentence(facts: StoryFacts, report: Report): ProseSentence | undefined {
  const [best] = candidatesOf(facts, report, false).sort(
    (a, b) =>
      b.base + b.facets.size - (a.base + a.facets.size) || a.sentence.index - b.sentence.index,
  );
  const prose = proseOf(report);
  return (
    best?.sentence ??
    prose.find((s) => s.kind !== 'title' && s.text.length >= 20) ??
    prose.find((s) => s.text.length >= 20) ??
    prose[0]
  );
}

/**
 * The reports a summary reads sentences from: the lead and the story's first reports (a story
 * told by hundreds of reports is summarised from its first SUMMARY_REPORTS, not all of them).
 */
export function summaryReports(facts: StoryFacts): Report[] {
  return [
    facts.lead,
    ...facts.story.reports.filter((r) => r.id !== facts.lead.id).slice(0, SUMMARY_REPORTS - 1),
  ].sort((a, b) => facts.story.reports.indexOf(a) - facts.story.reports.indexOf(b));
}

/** Two or three sentences, lead report first, each in the order its report tells it. */
export function summarize(facts: StoryFacts): Chosen[] {
  const reports = summaryReports(facts);
  const pool = reports.flatMap((r) => candidatesOf(facts, r, r.id === facts.lead.id));
  const chosen: Candidate[] = [];
  const covered = new Set<Facet>();
  while (chosen.length < 3 && pool.length) {
    const value = (c: Candidate) => {
      const fresh = [...c.facets].filter((f) => !covered.has(f)).length;
      const sameReport = chosen.filter((x) => x.report.id === c.report.id).length;
      return c.base + c.facets.size * 0.5 + fresh - (sameReport >= 2 ? 3 : 0);
    };
    pool.sort((a, b) => value(b) - value(a) || a.sentence.index - b.sentence.index);
    const next = pool.shift()!;
    // Syndicated copies repeat each other: a sentence another outlet already said adds nothing.
    const words = tokenize(next.sentence.words);
    if (chosen.some((c) => overlap(words, new Set(tokenize(c.sentence.words))) >= 0.7)) continue;
    if (chosen.length >= 2 && value(next) < 2.5) break;
    if (chosen.length >= 1 && value(next) < 1) break;
    chosen.push(next);
    for (const f of next.facets) covered.add(f);
  }
  if (chosen.length === 0) {
    const fallback = bestSentence(facts, facts.lead);
    return fallback ? [{ report: facts.lead, sentence: fallback }] : [];
  }
  const order = facts.story.reports.map((r) => r.id);
  return chosen
    .sort(
      (a, b) =>
        Number(b.report.id === facts.lead.id) - Number(a.report.id === facts.lead.id) ||
        order.indexOf(a.report.id) - order.indexOf(b.report.id) ||
        a.sentence.index - b.sentence.index,
    )
    .map(({ report, sentence }) => ({ report, sentence }));
}
