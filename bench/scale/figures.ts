/** @module Figures of the scale benchmark: percentiles, the query set, and the Markdown table. */

export interface Percentiles {
  p50: number;
  p95: number;
}

/** CPU and wall milliseconds of one kind of request. */
export interface Figure {
  cpu: Percentiles;
  wall: Percentiles;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Zipf ranks of the actors asked about: heavy and light alike, from the most named down the tail. */
export const ACTOR_RANKS = [
  0, 1, 2, 3, 4, 5, 7, 9, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 130, 160,
];

/** Searches as people type them: names, families, techniques, places. */
export const SEARCH_TERMS = [
  'ransomware',
  'phishing',
  'Cobalt Strike',
  'credential theft',
  'command and control',
  'PowerShell',
  'zero-day',
  'botnet',
  'banking trojan',
  'supply chain',
  'Microsoft Exchange',
  'VPN',
  'DLL sideloading',
  'scheduled task',
  'persistence',
  'exfiltration',
  'Telegram',
  'healthcare',
  'government',
  'cryptocurrency',
];

/** What one size measured (the JSON a measure-size process prints). */
export interface SizeFigures {
  size: number;
  seed: number;
  ingest: { reports: number; cpuSeconds: number; wallSeconds: number; perSecondCpu: number };
  /** Analysing a sample of the same reports without storing them (older runs lack it). */
  analysisAlone?: { reports: number; cpuSeconds: number; perSecondCpu: number };
  actor: Figure;
  ask: Figure;
  unknown: Figure;
  search: Figure;
  profileBytes: number;
  briefings: Record<string, { cpu: number; wall: number; items: number; bytes: number }>;
  dbMegabytes: number;
  /**
   * Peak RSS in MB: of the process that ingested (after the history; at the end, after the
   * briefing days and the bare FTS table), and of a fresh process answering over the built database.
   */
  peakRssMb: { ingest: number; total: number; answering: number };
  coldActor: { cpu: number; wall: number; rssMb?: number };
  healthzSeconds: number | null;
  raw: {
    insertCpuSeconds: number;
    insertWallSeconds: number;
    perSecondCpu: number;
    search: Figure;
    actor: Figure;
  };
}

const ms = (v: number) =>
  v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const pair = (f: Figure) =>
  `${ms(f.cpu.p50)} / ${ms(f.cpu.p95)} CPU (${ms(f.wall.p50)} / ${ms(f.wall.p95)} wall)`;

/** One Markdown table: a row per figure, a column per size. */
export function markdownTable(runs: SizeFigures[]): string {
  const head = `| figure (p50 / p95) | ${runs.map((r) => `${r.size.toLocaleString('en')} reports`).join(' | ')} |`;
  const rule = `|---|${runs.map(() => '---').join('|')}|`;
  const row = (label: string, cell: (r: SizeFigures) => string) =>
    `| ${label} | ${runs.map(cell).join(' | ')} |`;
  const briefing = (r: SizeFigures, n: string) => {
    const b = r.briefings[n];
    return b
      ? `${ms(b.cpu)} CPU (${ms(b.wall)} wall), ${b.items} items, ${(b.bytes / 1024).toFixed(0)} KB`
      : '-';
  };
  return [
    head,
    rule,
    row(
      'ingest with analysis, CPU',
      (r) =>
        `${r.ingest.cpuSeconds.toFixed(1)} s, ${r.ingest.perSecondCpu.toFixed(0)}/s (${((100 * r.ingest.perSecondCpu) / r.raw.perSecondCpu).toFixed(0)}% of raw)`,
    ),
    row('analysis alone, no store, CPU', (r) =>
      r.analysisAlone
        ? `${((1000 * r.analysisAlone.cpuSeconds) / r.analysisAlone.reports).toFixed(2)} ms per report, ${r.analysisAlone.perSecondCpu.toFixed(0)}/s (${((100 * r.analysisAlone.perSecondCpu) / r.raw.perSecondCpu).toFixed(0)}% of raw)`
        : '-',
    ),
    row(
      'raw node:sqlite FTS5 insert, CPU',
      (r) => `${r.raw.insertCpuSeconds.toFixed(1)} s, ${r.raw.perSecondCpu.toFixed(0)}/s`,
    ),
    row('`actor`', (r) => pair(r.actor)),
    row('`ask`', (r) => pair(r.ask)),
    row('unknown name', (r) => pair(r.unknown)),
    row('`search`', (r) => pair(r.search)),
    row('raw FTS5 MATCH, search terms', (r) => pair(r.raw.search)),
    row('raw FTS5 MATCH, actor names', (r) => pair(r.raw.actor)),
    row('largest profile answer', (r) => `${(r.profileBytes / 1024).toFixed(0)} KB`),
    row('briefing, one day of 1,000', (r) => briefing(r, '1000')),
    row('briefing, one day of 10,000', (r) => briefing(r, '10000')),
    row('database size', (r) => `${r.dbMegabytes.toFixed(0)} MB`),
    row('peak RSS answering (a fresh process over the built database)', (r) =>
      r.peakRssMb.answering ? `${r.peakRssMb.answering} MB` : '-',
    ),
    row(
      'peak RSS of the ingesting process (after the history / all)',
      (r) => `${r.peakRssMb.ingest} / ${r.peakRssMb.total} MB`,
    ),
    row(
      'cold `threatbrief actor X`',
      (r) =>
        `${r.coldActor.cpu.toFixed(2)} s CPU (${r.coldActor.wall.toFixed(2)} s wall)${r.coldActor.rssMb ? `, peak RSS ${r.coldActor.rssMb} MB` : ''}`,
    ),
    row('`serve` /healthz after start', (r) =>
      r.healthzSeconds === null ? 'not within 20 s' : `${r.healthzSeconds.toFixed(2)} s`,
    ),
  ].join('\n');
}
