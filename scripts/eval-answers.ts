/**
 * @module Answer evaluation on real reports: `npm run eval -- --answers [--split train|dev|all]
 * [--verbose] [--only ID,ID] [--catalog DIR]`.
 *
 * Ingests the corpus into a temporary database (publisher from the file name, reliability B, a
 * fixed clock), asks every question of eval/question-bank.jsonl as the CLI would, and grades each
 * answer as correct, partly, wrong or unsupported (see eval/README.md).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIO } from '../src/cli/command.ts';
import { runCli } from '../src/cli.ts';
import { parseConfig } from '../src/config.ts';
import { countryNames } from '../src/core/analysis/lexicon/lexicon.ts';
import type { Answer } from '../src/core/model/answer.ts';
import { fixedClock } from '../src/core/ports/clock.ts';
import { silentLogger } from '../src/core/ports/logger.ts';
import { refang } from '../src/core/text/defang.ts';
import { type App, openApp } from '../src/main.ts';

export interface Question {
  id: string;
  split: string;
  doc: string;
  type: string;
  command: 'ask' | 'actor';
  text: string;
  must: string[];
  mustNot?: string[];
  none?: boolean;
  line?: number;
}

export type Grade = 'correct' | 'partly' | 'wrong' | 'unsupported';

export interface Graded {
  question: Question;
  grade: Grade;
  found: string[];
  missing: string[];
  forbidden: string[];
  unsupported: string[];
  answer: Answer;
}

/** Vendors of the corpus file names, as a user would name them with --publisher. */
const PUBLISHERS: Record<string, string> = {
  intel471: 'Intel 471',
  lab52: 'Lab52',
  proofpoint: 'Proofpoint',
  quoteintelligence: 'QuoIntelligence',
  zscaler: 'Zscaler',
};

/** After the newest report of the corpus, so "this year" and "recently" have a fixed meaning. */
export const EVAL_NOW = '2022-03-01T00:00:00Z';

function quietIO(config: ReturnType<typeof parseConfig>): CliIO {
  return {
    stdout: () => {},
    stderr: (t) => process.stderr.write(t),
    isTTY: false,
    columns: 120,
    overrides: { config, clock: fixedClock(EVAL_NOW), logger: silentLogger },
  };
}

/** A database with every report of the corpus, ingested per vendor at reliability B. */
export async function ingestCorpus(
  reportsDir: string,
  catalogDir?: string,
): Promise<{ db: string; config: ReturnType<typeof parseConfig> }> {
  const db = join(mkdtempSync(join(tmpdir(), 'threatbrief-eval-')), 'eval.sqlite');
  const config = parseConfig({ THREATBRIEF_DB: db, LOG_LEVEL: 'silent' });
  const io = quietIO(config);
  if (catalogDir) {
    for (const file of readdirSync(catalogDir)
      .filter((f) => f.endsWith('.json'))
      .sort())
      await runCli(['catalog', 'import', join(catalogDir, file)], io);
  }
  const byVendor = new Map<string, string[]>();
  for (const file of readdirSync(reportsDir).sort()) {
    if (!file.endsWith('.txt')) continue;
    const vendor = file.split('_')[0]!;
    byVendor.set(vendor, [...(byVendor.get(vendor) ?? []), join(reportsDir, file)]);
  }
  for (const [vendor, files] of byVendor) {
    const code = await runCli(
      ['ingest', ...files, '--publisher', PUBLISHERS[vendor] ?? vendor, '--reliability', 'B'],
      io,
    );
    if (code !== 0) process.stderr.write(`eval: some ${vendor} reports were rejected\n`);
  }
  return { db, config };
}

function pattern(fact: string): RegExp {
  const body = fact
    .trim()
    .split(/[\s\-_./]+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\-_./]*');
  // A footnote number glued to a name ending in a lower-case letter ("China Chopper4") still
  // states it; a name ending in a digit ("APT1") must not match a longer one ("APT10").
  const footnote = /\p{Ll}$/u.test(fact.trim()) ? '\\d{0,2}' : '';
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${footnote}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Every way a fact may be written: its alternatives, catalog aliases, a country's adjectives. */
function spellings(app: App, fact: string): string[] {
  const out = new Set<string>();
  for (const alt of fact.split('|')) {
    out.add(alt);
    for (const hit of app.analysis.catalog.lookup(alt))
      for (const n of [hit.entry.name, ...hit.entry.aliases]) out.add(n);
    for (const n of countryNames(alt)) out.add(n);
  }
  return [...out].filter((s) => s.trim().length > 0);
}

/** Indicators are shown defanged ("66.42.43[.]177"); facts are matched on the plain form. */
function mentions(text: string, forms: string[]): boolean {
  const plain = refang(text);
  return forms.some((f) => pattern(refang(f)).test(plain));
}

/** The text an analyst reads: heading, summary, statements and attribution lines. */
function answerText(a: Answer): string {
  return [
    a.title,
    a.summary,
    ...a.sections.flatMap((s) => [s.title, ...s.claims.map((c) => c.text)]),
    ...a.attribution.map((l) => `${l.subject}: ${l.attributedTo}; ${l.basis}`),
  ].join('\n');
}

const NONE_SAID = /\bno stored (?:report|passage)\b/i;

export function grade(app: App, q: Question, answer: Answer): Graded {
  const text = answerText(answer);
  const found: string[] = [];
  const missing: string[] = [];
  const unsupported: string[] = [];
  const quotesOf = (ns: number[]) =>
    answer.citations.filter((c) => ns.includes(c.n)).flatMap((c) => c.quotes);
  for (const fact of q.must) {
    const forms = spellings(app, fact);
    if (!mentions(text, forms)) {
      missing.push(fact);
      continue;
    }
    found.push(fact);
    // Every statement that states the fact must cite a quote holding it.
    const claims = answer.sections.flatMap((s) => s.claims).filter((c) => mentions(c.text, forms));
    const lines = answer.attribution.filter((l) => mentions(l.attributedTo, forms));
    const backed = [
      ...claims.map((c) => c.evidence.some((e) => mentions(e.quote, forms))),
      ...lines.map((l) => quotesOf(l.citations).some((quote) => mentions(quote, forms))),
    ];
    if (backed.includes(false)) unsupported.push(fact);
  }
  const forbidden = (q.mustNot ?? []).filter((f) => mentions(text, spellings(app, f)));
  let verdict: Grade;
  if (q.none) {
    const saidNone = answer.kind === 'not-found' || NONE_SAID.test(answer.summary);
    verdict = saidNone && answer.citations.length === 0 ? 'correct' : 'wrong';
  } else if (unsupported.length) verdict = 'unsupported';
  else if (forbidden.length || found.length === 0) verdict = 'wrong';
  else verdict = missing.length ? 'partly' : 'correct';
  return { question: q, grade: verdict, found, missing, forbidden, unsupported, answer };
}

export function loadQuestions(path: string, split: string, only?: string[]): Question[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question)
    .filter((q) => split === 'all' || q.split === split)
    .filter((q) => !only || only.includes(q.id));
}

export async function evaluateAnswers(options: {
  corpus: string;
  bank: string;
  split: string;
  only?: string[];
  catalog?: string;
}): Promise<Graded[]> {
  const questions = loadQuestions(options.bank, options.split, options.only);
  const { config } = await ingestCorpus(join(options.corpus, 'reports'), options.catalog);
  const app = await openApp({ config, clock: fixedClock(EVAL_NOW), logger: silentLogger });
  try {
    const out: Graded[] = [];
    for (const q of questions) {
      const { answer } = await app.router.route({
        text: `${q.command} ${q.text}`,
        destination: { platform: 'cli', channel: 'eval', clearance: 'RED' },
      });
      out.push(grade(app, q, answer));
    }
    return out;
  } finally {
    await app.close();
  }
}
