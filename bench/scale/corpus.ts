/**
 * @module A deterministic synthetic corpus of years of reporting, built from real reports: each
 * story is a ~5 KB stretch of one shared report with its actors and malware renamed from the
 * built-in catalog (the story's main actor drawn from a Zipf law, so a few actors have thousands
 * of mentions), told by one to five outlets within two days, stories spread over two years.
 * Report `i` depends only on the seed and `i`, so every run and every size writes the same texts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysisService } from '../../src/core/analysis/analysis-service.ts';
import actors from '../../src/core/analysis/catalog/actors.json' with { type: 'json' };
import software from '../../src/core/analysis/catalog/software.json' with { type: 'json' };
import type { ReportDraft } from '../../src/core/model/report.ts';

/** mulberry32: a small seeded generator. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTLETS = [
  'Harbor Threat Lab',
  'Northwind Research',
  'Quarry Security',
  'Pacific Sentinel',
  'Lantern Intel',
  'Fjord CERT',
  'Meridian Labs',
  'Copperline Research',
  'Signal Desk',
  'Ledger Notes',
  'The Patch Wire',
  'Basalt Response',
];
const SECTORS = ['energy', 'healthcare', 'telecom', 'government', 'finance', 'manufacturing'];
const REGIONS = ['Europe', 'Southeast Asia', 'the Middle East', 'Latin America', 'North America'];
const TARGET_CHARS = 5_000;
const DAY = 86_400_000;
/** The two years the history covers; the measured briefing day follows it. */
export const HISTORY_START = Date.parse('2024-11-20T00:00:00Z');
export const HISTORY_DAYS = 730;
export const BRIEFING_DAY = HISTORY_START + HISTORY_DAYS * DAY;

interface Source {
  title: string;
  /** Lines after the title, each with the actor/malware names found in it. */
  lines: {
    text: string;
    names: { start: number; end: number; kind: string; canonical: string }[];
  }[];
}

export interface SyntheticReport {
  origin: string;
  draft: ReportDraft;
  /** Instant the report reaches the store (a few hours after publication). */
  arrives: number;
  /** The story's main actor (catalog name). */
  actor: string;
}

const ACTOR_NAMES = (actors as { name: string }[]).map((a) => a.name);
const MALWARE_NAMES = (software as { name: string; kind: string }[])
  .filter((s) => s.kind === 'malware')
  .map((s) => s.name);

/** Zipf(s = 1.1) over the catalog's actors, as a cumulative table. */
const ZIPF = (() => {
  const weights = ACTOR_NAMES.map((_, r) => 1 / (r + 1) ** 1.1);
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  return weights.map((w) => (sum += w / total));
})();

function zipfActor(r: number): string {
  const i = ZIPF.findIndex((c) => c >= r);
  return ACTOR_NAMES[i < 0 ? ACTOR_NAMES.length - 1 : i]!;
}

/** The actor at Zipf rank `rank` (0 = most mentioned). */
export function actorByRank(rank: number): string {
  return ACTOR_NAMES[rank]!;
}

/** Reads the real reports once and finds the actor and malware names in each line. */
export function loadSources(dir: string): Source[] {
  const analysis = AnalysisService.builtin();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const [title = file, ...rest] = readFileSync(join(dir, file), 'utf8').split('\n');
      return {
        title,
        lines: rest
          .filter((l) => l.trim())
          .map((text) => ({
            text,
            names: analysis
              .analyze({ text })
              .mentions.filter((m) => m.kind === 'actor' || m.kind === 'malware')
              .map((m) => ({ start: m.start, end: m.end, kind: m.kind, canonical: m.canonical })),
          })),
      };
    })
    .filter((s) => s.lines.length > 3);
}

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length)]!;
}

/** One story: its text stretch with names renamed, told by 1-5 outlets. */
function story(sources: Source[], seed: number, index: number) {
  const rnd = random(seed * 1_000_003 + index);
  const source = pick(sources, rnd());
  const main = zipfActor(rnd());
  const renames = new Map<string, string>();
  let firstActor = true;
  const rename = (kind: string, canonical: string) => {
    const key = `${kind}:${canonical}`;
    let to = renames.get(key);
    if (!to) {
      if (kind === 'actor') to = firstActor ? main : pick(ACTOR_NAMES, rnd());
      else to = pick(MALWARE_NAMES, rnd());
      firstActor &&= kind !== 'actor';
      renames.set(key, to);
    }
    return to;
  };
  const start = Math.floor(rnd() * Math.max(1, source.lines.length - 8));
  const lines: string[] = [];
  let chars = 0;
  for (let i = start; i < source.lines.length && chars < TARGET_CHARS; i++) {
    const line = source.lines[i]!;
    let out = '';
    let at = 0;
    for (const n of line.names) {
      if (n.start < at) continue;
      out += line.text.slice(at, n.start) + rename(n.kind, n.canonical);
      at = n.end;
    }
    out += line.text.slice(at);
    lines.push(out);
    chars += out.length + 1;
  }
  const sector = pick(SECTORS, rnd());
  const region = pick(REGIONS, rnd());
  const title = `${main}: ${source.title.replace(/\s+/g, ' ').slice(0, 90)} (${sector}, ${region}, #${index})`;
  const outlets = 1 + Math.min(4, Math.floor(-Math.log(1 - rnd()) * 1.3));
  const first = Math.floor(rnd() * OUTLETS.length);
  return {
    main,
    title,
    lines,
    sector,
    region,
    outlets: Array.from({ length: outlets }, (_, k) => ({
      name: OUTLETS[(first + k) % OUTLETS.length]!,
      delayHours: k === 0 ? 0 : rnd() * 48,
      dropLine: 1 + Math.floor(rnd() * Math.max(1, lines.length - 1)),
    })),
  };
}

/**
 * The corpus: `count` reports, published in order over `days` days from `from` (or all within
 * the one day when `days` is 1). `stream` separates corpora of one seed (history, briefing day).
 */
export function* syntheticReports(
  sources: Source[],
  options: { seed: number; count: number; from: number; days: number; stream?: number },
): Generator<SyntheticReport> {
  let produced = 0;
  for (let s = 0; produced < options.count; s++) {
    const st = story(sources, options.seed + (options.stream ?? 0) * 7919, s);
    const storyAt = options.from + (produced / options.count) * options.days * DAY;
    for (const [k, outlet] of st.outlets.entries()) {
      if (produced >= options.count) break;
      const published =
        options.days === 1
          ? storyAt + (k * 600_000) / st.outlets.length
          : storyAt + outlet.delayHours * 3_600_000;
      // Each outlet tells it in its own opening and leaves out a line, so no two texts are equal.
      const lines = k === 0 ? st.lines : st.lines.filter((_, i) => i !== outlet.dropLine);
      const lead = `${outlet.name} reports on activity against ${st.sector} organizations in ${st.region}.`;
      yield {
        origin: `synthetic-${options.stream ?? 0}-${s}-${k}`,
        actor: st.main,
        arrives: published + (options.days === 1 ? 0 : 3 * 3_600_000),
        draft: {
          sourceKind: 'text',
          title: k === 0 ? st.title : `${st.title} - ${outlet.name}`,
          publisher: outlet.name,
          published: new Date(published).toISOString(),
          text: `${lead}\n${lines.join('\n')}`,
        },
      };
      produced++;
    }
  }
}
