/**
 * @module The extractive answerer: resolves what a question is about (names, aliases, "they"),
 * reads what it asks for, and composes the answer from stored sentences only. When nothing
 * supports an answer it says so.
 */
import { type ActorDossier, buildActorDossier, resolveActor } from '../analysis/actor-dossier.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import type { Answer, AnswerClaim, AnswerSection } from '../model/answer.ts';
import type { ReportSummary } from '../model/report.ts';
import type { ThreadContext } from '../model/thread.ts';
import { isWithinClearance, type Tlp } from '../model/tlp.ts';
import type { AnswerRequest } from '../ports/answer-engine.ts';
import type { Store } from '../ports/store.ts';
import { isoDay } from '../text/dates.ts';
import { CitationBook } from './citation-book.ts';
import { type Draft, finalizeAnswer } from './finalize.ts';
import { detectIntent, type Intent, nameCandidate } from './intents.ts';
import { retrieveSentences } from './retrieve.ts';
import {
  activitySection,
  attributionLines,
  conflictsSection,
  indicatorsSection,
  reportingSection,
  targetEntities,
  targetsSection,
  toolsSection,
} from './sections.ts';
import { closeNames } from './suggest.ts';

export const ENGINE = 'extractive';

export interface AnswerDeps {
  store: Store;
  analysis: AnalysisService;
}

interface Ctx extends AnswerDeps {
  clearance: Tlp;
  query: string;
  readText: (reportId: string) => Promise<string | undefined>;
}

const PRONOUN =
  /\b(?:they|them|their|theirs|it|its|this group|the group|this actor|that group|these guys|this one)\b/i;

function summaryLine(d: ActorDossier): string {
  const parts = [];
  if (d.aliases.length)
    parts.push(`aka ${d.aliases.slice(0, 6).join(', ')}${d.aliases.length > 6 ? ', …' : ''}`);
  parts.push(`${d.reports.length} report${d.reports.length === 1 ? '' : 's'}`);
  const latest = d.reports.filter((r) => r.published).at(-1);
  if (latest) parts.push(`latest ${isoDay(latest.published)}`);
  return parts.join(' · ');
}

function reportCount(n: number, lead: string): string {
  return `${lead} ${n} stored report${n === 1 ? '' : 's'}`;
}

function draft(ctx: Ctx, fields: Omit<Draft, 'query' | 'clearance'> & { query?: string }): Draft {
  return { query: ctx.query, clearance: ctx.clearance, ...fields };
}

/** Names to suggest: the catalog's, and those in reports this destination may see (no others). */
async function actorNames(deps: AnswerDeps, clearance: Tlp): Promise<[string, string][]> {
  const pairs: [string, string][] = [];
  for (const e of deps.analysis.catalog.entries) {
    if (e.kind !== 'actor') continue;
    for (const n of [e.name, ...e.aliases]) pairs.push([n, e.name]);
  }
  for (const k of await deps.store.knownEntities(['actor'], clearance))
    pairs.push([k.canonical, k.canonical]);
  return pairs;
}

async function notFound(ctx: Ctx, name: string, withheld = 0): Promise<Answer> {
  const suggestions = (await closeNames(name, await actorNames(ctx, ctx.clearance))).map(
    (n) => `did you mean ${n}?`,
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'not-found',
      title: name,
      summary: `No stored report mentions ${name}.`,
      sections: [],
      withheld,
      suggestions,
      subjects: [],
    }),
    new CitationBook(),
    ENGINE,
  );
}

function nothingCovers(ctx: Ctx, subjects: string[], withheld: number, what = 'that'): Answer {
  return finalizeAnswer(
    draft(ctx, {
      kind: 'not-found',
      title: ctx.query,
      summary: `No stored report covers ${what}.`,
      sections: [],
      withheld,
      subjects,
    }),
    new CitationBook(),
    ENGINE,
  );
}

/** Sections each intent shows from the dossier (a profile shows them all). */
async function dossierSections(
  ctx: Ctx,
  d: ActorDossier,
  book: CitationBook,
  intent: Intent['type'],
): Promise<(AnswerSection | null)[]> {
  switch (intent) {
    case 'attribution':
      return [conflictsSection(d, book)];
    case 'tools':
      return [toolsSection(d, book)];
    case 'targets':
      return [targetsSection(d, book)];
    case 'when':
      return [await reportingSection(d, book, ctx.readText), conflictsSection(d, book)];
    case 'how':
      return [await activitySection(d, book, ctx.readText, 4)];
    case 'indicators':
      return [indicatorsSection(d, book, 20)];
    case 'latest':
      return [latestSection(d, book, ctx)];
    default:
      return [
        targetsSection(d, book),
        toolsSection(d, book),
        await activitySection(d, book, ctx.readText),
        conflictsSection(d, book),
        indicatorsSection(d, book, 5),
        await reportingSection(d, book, ctx.readText),
      ];
  }
}

function latestSection(d: ActorDossier, book: CitationBook, _ctx: Ctx): AnswerSection | null {
  const recent = [...d.reports]
    .sort((a, b) => (b.published ?? b.ingestedAt).localeCompare(a.published ?? a.ingestedAt))
    .slice(0, 3);
  const claims: AnswerClaim[] = [];
  for (const report of recent) {
    const evidence = d.related.flatMap((r) => r.evidence).find((e) => e.reportId === report.id);
    const claim = d.claims.find((c) => c.report.id === report.id);
    const quote = evidence?.quote ?? claim?.quote;
    if (quote)
      claims.push(
        book.claim(`${isoDay(report.published ?? report.ingestedAt)}: ${report.title}`, [
          { report, quote },
        ]),
      );
  }
  return claims.length ? { title: 'Latest reporting', claims } : null;
}

const INTENT_TITLES: Partial<Record<Intent['type'], string>> = {
  attribution: 'Who is behind',
  tools: 'Malware and tools of',
  targets: 'Targets of',
  when: 'When was active:',
  how: 'How operates:',
  indicators: 'Indicators for',
  latest: 'Latest on',
};

async function actorAnswer(ctx: Ctx, actor: string, intent: Intent['type']): Promise<Answer> {
  const d = await buildActorDossier(ctx.store, ctx.analysis, actor, ctx.clearance);
  if (d.reports.length === 0) return notFound(ctx, actor, d.withheld);
  const book = new CitationBook();
  book.reserve(d.reports);
  const showAttribution = intent === 'profile' || intent === 'attribution' || intent === 'general';
  const attribution = showAttribution ? attributionLines(d, book) : [];
  const sections = await dossierSections(ctx, d, book, intent);
  const answer = finalizeAnswer(
    draft(ctx, {
      kind: intent === 'profile' || intent === 'general' ? 'profile' : 'answer',
      title: INTENT_TITLES[intent] ? `${INTENT_TITLES[intent]!.replace(/:$/, '')} ${actor}` : actor,
      summary: summaryLine(d),
      sections,
      attribution,
      withheld: d.withheld,
      subjects: [actor],
    }),
    book,
    ENGINE,
  );
  if (answer.sections.length === 0 && answer.attribution.length === 0) {
    return nothingCovers(ctx, [actor], d.withheld, `that for ${actor}`);
  }
  return answer;
}

async function compareAnswer(ctx: Ctx, actors: string[]): Promise<Answer> {
  const dossiers = await Promise.all(
    actors.slice(0, 2).map((a) => buildActorDossier(ctx.store, ctx.analysis, a, ctx.clearance)),
  );
  const missing = dossiers.find((d) => d.reports.length === 0);
  if (missing) return notFound(ctx, missing.name, missing.withheld);
  const book = new CitationBook();
  for (const d of dossiers) book.reserve(d.reports);
  const sections: (AnswerSection | null)[] = [];
  const attribution = dossiers.flatMap((d) => attributionLines(d, book).slice(0, 2));
  for (const d of dossiers) {
    const parts = [targetsSection(d, book), toolsSection(d, book)].filter(
      (s): s is AnswerSection => s !== null,
    );
    sections.push({ title: d.name, claims: parts.flatMap((s) => s.claims) });
  }
  const [a, b] = dossiers as [ActorDossier, ActorDossier];
  const comparable = (d: ActorDossier) => {
    const t = targetEntities(d);
    return [
      ...t.sectors,
      ...t.regions,
      ...d.related.filter((r) => r.kind === 'malware' || r.kind === 'tool'),
    ];
  };
  const bSide = comparable(b);
  const shared = comparable(a).filter((r) =>
    bSide.some((x) => x.kind === r.kind && x.name === r.name),
  );
  if (shared.length) {
    const evidence = shared.flatMap((r) => {
      const other = bSide.find((x) => x.kind === r.kind && x.name === r.name)!;
      return [r.evidence[0]!, other.evidence[0]!].flatMap((e) => {
        const report = [...a.reports, ...b.reports].find((x) => x.id === e.reportId);
        return report ? [{ report, quote: e.quote }] : [];
      });
    });
    sections.push({
      title: 'In common',
      claims: [book.claim(`Both: ${shared.map((s) => s.name).join(', ')}`, evidence)],
    });
  }
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `${a.name} compared with ${b.name}`,
      summary: `${a.name}: ${summaryLine(a)} | ${b.name}: ${summaryLine(b)}`,
      sections,
      attribution,
      withheld: Math.max(a.withheld, b.withheld),
      subjects: [a.name, b.name],
    }),
    book,
    ENGINE,
  );
}

/** "who else targets embassies?": actors named in the reports about that target. */
async function whoTargetsAnswer(ctx: Ctx, question: string, exclude: string[]): Promise<Answer> {
  const targets = ctx.analysis
    .analyze({ text: question })
    .mentions.filter(
      (m) =>
        m.kind === 'sector' ||
        m.kind === 'region' ||
        m.kind === 'country' ||
        m.kind === 'technology',
    );
  if (targets.length === 0) return generalAnswer(ctx, question, exclude);
  const hits = await ctx.store.reportsMentioning({
    entities: targets.map((t) => ({ kind: t.kind, canonical: t.canonical })),
    clearance: ctx.clearance,
  });
  const book = new CitationBook();
  const byActor = new Map<string, { report: ReportSummary; quote: string }[]>();
  for (const hit of hits.items) {
    const [mentions, text] = await Promise.all([
      ctx.store.mentionsOf(hit.report.id),
      ctx.readText(hit.report.id),
    ]);
    if (!text) continue;
    const target = mentions.find((m) =>
      targets.some((t) => t.kind === m.kind && t.canonical === m.canonical),
    );
    if (!target) continue;
    const actors = [
      ...new Set(mentions.filter((m) => m.kind === 'actor').map((m) => m.canonical)),
    ].filter((a) => !exclude.includes(a));
    const sentenceStart = Math.max(
      text.lastIndexOf('. ', target.start) + 2,
      text.lastIndexOf('\n', target.start) + 1,
      0,
    );
    const endDot = text.indexOf('. ', target.end);
    const endLine = text.indexOf('\n', target.end);
    const ends = [endDot === -1 ? text.length : endDot + 1, endLine === -1 ? text.length : endLine];
    const quote = text.slice(sentenceStart, Math.min(...ends)).trim();
    for (const actor of actors)
      byActor.set(actor, [...(byActor.get(actor) ?? []), { report: hit.report, quote }]);
  }
  if (byActor.size === 0)
    return nothingCovers(
      ctx,
      exclude,
      hits.withheldReports,
      `other actors targeting ${targets.map((t) => t.canonical).join(', ')}`,
    );
  const claims = [...byActor.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 8)
    .map(([actor, evidence]) => book.claim(actor, evidence.slice(0, 2)));
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `Who targets ${targets.map((t) => t.canonical).join(', ')}`,
      summary: `${byActor.size} actor${byActor.size === 1 ? '' : 's'} in stored reports about ${targets.map((t) => t.canonical).join(', ')}`,
      sections: [{ title: 'Actors', claims }],
      withheld: hits.withheldReports,
      subjects: exclude,
    }),
    book,
    ENGINE,
  );
}

/** Wording that answers each kind of question, to rank sentences when no actor profile applies. */
const PREFER: Partial<Record<Intent['type'], RegExp>> = {
  attribution:
    /\b(?:attribut\w*|responsib\w*|blam\w*|behind|sponsor\w*|linked|state-backed|state-sponsored)\b/i,
  tools: /\b(?:malware|backdoor|loader|ransomware|tool\w*|implant|payload)\b/i,
  targets: /\b(?:target\w*|victims?|against|hit)\b/i,
  when: /\b(?:since|first|began|started|in (?:19|20)\d\d)\b/i,
  how: /\b(?:exploit\w*|phish\w*|access|vulnerab\w*|technique\w*)\b/i,
};

async function generalAnswer(ctx: Ctx, question: string, subjects: string[]): Promise<Answer> {
  let reportIds: string[] | undefined;
  let withheld = 0;
  if (subjects.length) {
    const hits = await ctx.store.reportsMentioning({
      entities: subjects.map((s) => ({ kind: 'actor' as const, canonical: s })),
      clearance: ctx.clearance,
    });
    reportIds = hits.items.map((h) => h.report.id);
    withheld = hits.withheldReports;
  }
  const names = subjects.flatMap((s) => [
    s,
    ...(ctx.analysis.catalog.find(s, 'actor')?.aliases ?? []),
  ]);
  const prefer = PREFER[detectIntent(question).type];
  const found = await retrieveSentences(ctx.store, {
    text: question,
    subjectNames: names,
    clearance: ctx.clearance,
    limit: 4,
    ...(reportIds ? { reportIds } : {}),
    ...(prefer ? { prefer } : {}),
  });
  withheld = Math.max(withheld, found.withheld);
  if (found.sentences.length === 0) return nothingCovers(ctx, subjects, withheld);
  const book = new CitationBook();
  const claims = found.sentences.map((s) =>
    book.claim(s.text.length > 400 ? `${s.text.slice(0, 399)}…` : s.text, [
      { report: s.report, quote: s.text },
    ]),
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: ctx.query,
      summary: reportCount(new Set(found.sentences.map((s) => s.report.id)).size, 'From'),
      sections: [{ title: 'What the reports say', claims }],
      withheld,
      subjects,
    }),
    book,
    ENGINE,
  );
}

function citationAnswer(ctx: Ctx, thread: ThreadContext | null, n: number): Answer {
  // A clearance lowered since the answer was given applies to its sources too.
  const citation = thread?.citations.find(
    (c) => c.n === n && isWithinClearance(c.tlp, ctx.clearance),
  );
  if (!citation) {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: `Source [${n}]`,
        summary: thread?.citations.length
          ? `This thread has sources [1] to [${thread.citations.length}].`
          : 'There is no earlier answer with sources in this thread.',
        sections: [],
        withheld: 0,
        subjects: thread?.subjects ?? [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  // The source keeps its number from the answer it came from.
  return {
    kind: 'citation',
    query: ctx.query,
    title: `Source [${n}]: ${citation.title}`,
    summary: [
      citation.publisher ?? 'unknown publisher',
      isoDay(citation.published),
      `reliability ${citation.reliability}`,
      `TLP:${citation.tlp}`,
    ].join(' · '),
    sections: [
      {
        title: 'Quoted',
        claims: citation.quotes.map((q) => ({
          text: q,
          citations: [n],
          evidence: [{ n, quote: q }],
        })),
      },
    ],
    attribution: [],
    citations: [citation],
    withheld: 0,
    clearance: ctx.clearance,
    suggestions: [],
    subjects: thread?.subjects ?? [],
    engine: ENGINE,
    notice: null,
  };
}

async function storyAnswer(ctx: Ctx, thread: ThreadContext | null, n: number): Promise<Answer> {
  const item = thread?.digestItems.find((i) => i.n === n);
  if (!item) {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: `Item ${n}`,
        summary: thread?.digestItems.length
          ? `The briefing in this thread has items 1 to ${thread.digestItems.length}.`
          : 'There is no briefing in this thread to refer to.',
        sections: [],
        withheld: 0,
        subjects: thread?.subjects ?? [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  const reports = await ctx.store.getReportSummaries(item.reportIds);
  const visible = reports.filter((r) => isWithinClearance(r.tlp, ctx.clearance));
  if (item.actors[0]) {
    const answer = await actorAnswer(ctx, item.actors[0], 'profile');
    return {
      ...answer,
      title: `Item ${n}: ${item.title}`,
      withheld: Math.max(answer.withheld, reports.length - visible.length),
    };
  }
  const book = new CitationBook();
  const claims: AnswerClaim[] = [];
  for (const report of visible) {
    const text = await ctx.readText(report.id);
    const first = text?.split('\n').find((l) => l.length > 60);
    if (first) claims.push(book.claim(first, [{ report, quote: first }]));
  }
  return finalizeAnswer(
    draft(ctx, {
      kind: 'answer',
      title: `Item ${n}: ${item.title}`,
      summary: `${visible.length} report${visible.length === 1 ? '' : 's'}`,
      sections: [{ title: 'Reports', claims }],
      withheld: reports.length - visible.length,
      subjects: item.actors,
    }),
    book,
    ENGINE,
  );
}

async function searchAnswer(ctx: Ctx, terms: string): Promise<Answer> {
  const found = await retrieveSentences(ctx.store, {
    text: terms,
    subjectNames: [],
    clearance: ctx.clearance,
    limit: 6,
  });
  if (found.sentences.length === 0) {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: terms,
        summary: `No stored passage mentions "${terms}".`,
        sections: [],
        withheld: found.withheld,
        subjects: [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  const book = new CitationBook();
  const claims = found.sentences.map((s) =>
    book.claim(s.text, [{ report: s.report, quote: s.text }]),
  );
  return finalizeAnswer(
    draft(ctx, {
      kind: 'search',
      title: `Search: ${terms}`,
      summary: `${claims.length} passage${claims.length === 1 ? '' : 's'}`,
      sections: [{ title: 'Passages', claims }],
      withheld: found.withheld,
      subjects: [],
    }),
    book,
    ENGINE,
  );
}

async function sourcesAnswer(ctx: Ctx, thread: ThreadContext | null): Promise<Answer> {
  if (thread?.subjects.length) {
    const d = await buildActorDossier(ctx.store, ctx.analysis, thread.subjects[0]!, ctx.clearance);
    const book = new CitationBook();
    const claims: AnswerClaim[] = [];
    for (const report of d.reports) {
      const quote =
        d.related.flatMap((r) => r.evidence).find((e) => e.reportId === report.id)?.quote ??
        d.claims.find((c) => c.report.id === report.id)?.quote;
      if (quote)
        claims.push(
          book.claim(
            `${report.title} — ${report.publisher ?? 'unknown publisher'}, ${isoDay(report.published)}`,
            [{ report, quote }],
          ),
        );
    }
    return finalizeAnswer(
      draft(ctx, {
        kind: 'sources',
        title: `Sources on ${d.name}`,
        summary: summaryLine(d),
        sections: [{ title: 'Reports', claims }],
        withheld: d.withheld,
        subjects: thread.subjects,
      }),
      book,
      ENGINE,
    );
  }
  const reports = (await ctx.store.listReports({ limit: 50 })).filter((r) =>
    isWithinClearance(r.tlp, ctx.clearance),
  );
  const book = new CitationBook();
  const claims: AnswerClaim[] = [];
  for (const report of reports.slice(0, 10)) {
    const text = await ctx.readText(report.id);
    const first = text?.split('\n').find((l) => l.trim().length > 0);
    if (first)
      claims.push(
        book.claim(
          `${report.title} — ${report.publisher ?? 'unknown publisher'}, ${isoDay(report.published)}`,
          [{ report, quote: first }],
        ),
      );
  }
  return finalizeAnswer(
    draft(ctx, {
      kind: 'sources',
      title: 'Latest stored reports',
      summary: `${claims.length} of the newest reports`,
      sections: [{ title: 'Reports', claims }],
      withheld: 0,
      subjects: [],
    }),
    book,
    ENGINE,
  );
}

/** Actors a question names, in order, resolved through the catalog and the store. */
async function namedActors(deps: AnswerDeps, question: string): Promise<string[]> {
  const found = deps.analysis
    .analyze({ text: question })
    .mentions.filter((m) => m.kind === 'actor');
  const names: string[] = [];
  for (const m of found) {
    const resolved = (await resolveActor(deps.store, deps.analysis, m.canonical)) ?? m.canonical;
    if (!names.includes(resolved)) names.push(resolved);
  }
  if (names.length === 0) {
    // Names the extractor cannot recognise by shape may still be in the store ("the Wavewalker gang").
    const candidate = nameCandidate(question);
    if (candidate) {
      const resolved = await resolveActor(deps.store, deps.analysis, candidate);
      if (resolved) names.push(resolved);
    }
  }
  return names;
}

export async function answerQuestion(deps: AnswerDeps, request: AnswerRequest): Promise<Answer> {
  const text = request.text.trim();
  const ctx: Ctx = {
    ...deps,
    clearance: request.clearance,
    query: text,
    readText: async (id) => (await deps.store.getReport(id))?.text,
  };
  const thread = request.thread;
  if (request.command === 'search') return searchAnswer(ctx, text);
  if (request.command === 'sources') return sourcesAnswer(ctx, thread);
  if (request.command === 'actor') {
    const actor = await resolveActor(deps.store, deps.analysis, text);
    return actor ? actorAnswer(ctx, actor, 'profile') : notFound(ctx, text);
  }

  const intent = detectIntent(text);
  if (intent.type === 'citation') return citationAnswer(ctx, thread, intent.n);
  if (intent.type === 'digest-item') return storyAnswer(ctx, thread, intent.n);
  const named = await namedActors(deps, text);
  const previous = thread?.subjects ?? [];
  const candidate = nameCandidate(text);
  // A capitalised word left over is probably a name we could not resolve, not a follow-up.
  const unknownName = named.length === 0 && /(?:^|\s)[\p{Lu}\d][\p{L}\d-]*/u.test(candidate);
  let subjects = named;
  if (intent.type === 'compare') subjects = [...new Set([...previous.slice(0, 1), ...named])];
  else if (named.length === 0 && previous.length) {
    const followsUp =
      PRONOUN.test(text) ||
      (!unknownName && intent.type !== 'general' && intent.type !== 'profile');
    if (followsUp) subjects = previous;
  }
  if (intent.type === 'who-targets') return whoTargetsAnswer(ctx, text, subjects);
  if (intent.type === 'compare' && subjects.length >= 2) return compareAnswer(ctx, subjects);
  if (subjects.length === 0 && PRONOUN.test(text) && intent.type !== 'general') {
    return finalizeAnswer(
      draft(ctx, {
        kind: 'not-found',
        title: ctx.query,
        summary:
          'Who do you mean? Name an actor first, for example "actor Phantom Taurus", then ask about them.',
        sections: [],
        withheld: 0,
        subjects: [],
      }),
      new CitationBook(),
      ENGINE,
    );
  }
  if (subjects.length === 0) {
    // "who is behind Phanton Tauros?": a near miss of a known name gets "did you mean".
    if (unknownName && intent.type !== 'general' && candidate.split(' ').length <= 4) {
      const close = await closeNames(candidate, await actorNames(deps, ctx.clearance));
      if (close.length) return notFound(ctx, candidate);
    }
    return generalAnswer(ctx, text, []);
  }
  if (intent.type === 'general' && named.length === 0) return generalAnswer(ctx, text, subjects);
  if (intent.type === 'general') {
    // A question naming an actor and asking something specific: passages first, profile if none.
    const specific = await generalAnswer(ctx, text, subjects);
    return specific.kind === 'not-found' ? actorAnswer(ctx, subjects[0]!, 'profile') : specific;
  }
  return actorAnswer(ctx, subjects[0]!, intent.type === 'compare' ? 'profile' : intent.type);
}
