/**
 * @module Evaluation on real reports. Extraction: `npm run eval -- --corpus DIR [--split
 * train|dev|all] [--catalog DIR] [--verbose]`; answers: `npm run eval -- --answers ...` (see
 * scripts/eval-answers.ts and eval/README.md).
 *
 * DIR holds gold.jsonl ({doc, split, annotated, groups, malware} per line) and reports/<doc>.txt.
 * For every annotated report the distinct actor and malware names we extract are compared with
 * the gold names, alias-aware: both sides map through the catalog to one canonical name, so
 * "Fancy Bear" and "APT28" are one actor. Malware is what `extract --json` lists as malware:
 * credential dumpers and attack frameworks the gold marks (Mimikatz, Cobalt Strike) are malware in
 * our catalog; dual-use tools it leaves out (TeamViewer, BloodHound, Metasploit) are tools.
 * Prints micro-averaged precision, recall and F1, and with --verbose the misses. Gold names
 * written as two names ("APT33 / Elfin") count by their first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readCatalogFile } from '../src/cli/catalog.ts';
import { createAnalyzer } from '../src/core/analysis/analyze-report.ts';
import { builtinCatalogEntries } from '../src/core/analysis/catalog/builtin.ts';
import { aliasKey, Catalog, type CatalogKind } from '../src/core/analysis/catalog/catalog.ts';
import { normalizeText } from '../src/core/text/normalize.ts';
import { evaluateAnswers, type Graded } from './eval-answers.ts';

const USAGE = `usage: node scripts/eval.ts [--split all|train|dev] [--verbose] [--catalog DIR]
       [--answers [--bank FILE] [--only ID,...]] [--corpus DIR]
Extraction: actor and malware precision/recall/F1 against the corpus gold.
--answers: grades the question bank (correct / partly / wrong / unsupported).`;

let parsed: ReturnType<typeof parseOptions>;
try {
  parsed = parseOptions();
} catch (error) {
  console.error(`eval: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (parsed.values.help) {
  console.log(USAGE);
  process.exit(0);
}
const { values } = parsed;

function parseOptions() {
  return parseArgs({
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      corpus: {
        type: 'string',
        default: resolve(import.meta.dirname, '../../shared/corpus/annoctr'),
      },
      split: { type: 'string', default: 'all' },
      verbose: { type: 'boolean', default: false },
      answers: { type: 'boolean', default: false },
      bank: {
        type: 'string',
        default: resolve(import.meta.dirname, '../eval/question-bank.jsonl'),
      },
      only: { type: 'string' },
      /** A folder of catalog files (MISP galaxy, ATT&CK bundles) imported before extracting. */
      catalog: { type: 'string' },
    },
  });
}
const corpus = values.corpus!;
const goldPath = join(corpus, 'gold.jsonl');
if (!existsSync(goldPath)) {
  console.error(`eval: no gold.jsonl in ${corpus}; pass --corpus DIR`);
  process.exit(2);
}

interface GoldRow {
  doc: string;
  split: string;
  annotated: boolean;
  groups: string[];
  malware: string[];
}

const catalog = new Catalog(builtinCatalogEntries());
if (values.catalog) {
  for (const file of readdirSync(values.catalog)
    .filter((f) => f.endsWith('.json'))
    .sort())
    catalog.merge((await readCatalogFile(join(values.catalog, file))).entries);
}
// What ingest stores: the analyzer's mentions (markup blanked, coined names found), not the bare extractor's.
const analyze = createAnalyzer(catalog);

if (values.answers) {
  await reportAnswers();
  process.exit(0);
}

async function reportAnswers(): Promise<void> {
  const graded = await evaluateAnswers({
    corpus,
    bank: values.bank!,
    split: values.split!,
    ...(values.only ? { only: values.only.split(',') } : {}),
    ...(values.catalog ? { catalog: values.catalog } : {}),
  });
  const count = (g: Graded['grade'], list = graded) => list.filter((x) => x.grade === g).length;
  for (const g of graded) {
    if (g.grade === 'correct' && !values.verbose) continue;
    const q = g.question;
    const detail = [
      g.missing.length ? `missing ${g.missing.join(', ')}` : '',
      g.forbidden.length ? `wrong ${g.forbidden.join(', ')}` : '',
      g.unsupported.length ? `unsupported ${g.unsupported.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    console.log(
      `${g.grade.padEnd(11)} ${q.id} [${q.split}/${q.type}] ${q.command} ${q.text}${detail ? `  -- ${detail}` : ''}`,
    );
    if (values.verbose && g.grade !== 'correct') {
      const a = g.answer;
      const lines = [
        `  ${a.kind}: ${a.title} | ${a.summary}`,
        ...a.attribution.map(
          (l) => `  attribution: ${l.attributedTo} ${l.confidence} (${l.basis})`,
        ),
        ...a.sections.flatMap((s) => s.claims.map((c) => `  ${s.title}: ${c.text.slice(0, 200)}`)),
      ];
      console.log(lines.slice(0, 14).join('\n'));
    }
  }
  console.log(`\n${graded.length} questions (split: ${values.split}) over ${corpus}`);
  const types = [...new Set(graded.map((g) => g.question.type))].sort();
  for (const t of ['all', ...types]) {
    const list = t === 'all' ? graded : graded.filter((g) => g.question.type === t);
    const pct = ((100 * count('correct', list)) / (list.length || 1)).toFixed(0);
    console.log(
      `${t.padEnd(12)} ${String(list.length).padStart(3)}  correct ${count('correct', list)} (${pct}%)  partly ${count('partly', list)}  wrong ${count('wrong', list)}  unsupported ${count('unsupported', list)}`,
    );
  }
}

/** Annotation debris seen in gold names: "aka Sodinokibi", "TrickBot group ’ s", stray quotes. */
function cleanGold(name: string): string {
  return name
    .split(/\s+\/\s+/)[0]!
    .replace(/^aka\s+/i, '')
    .replace(/-(?:type|related|like|style)$/i, '')
    .replace(/\s*[’']\s*s$/i, '')
    .replace(/^[“"'\s]+|[”"'\s]+$/g, '')
    .trim();
}

/** Words that describe a name's type rather than belong to it: "Netwire RAT", "the Lazarous group". */
const TYPE_SUFFIX =
  /\s+(?:group|gang|team|crew|ransomware|malware|rat|loader|stealer|backdoor|trojan|botnet|exploit kit|ek)$/i;

function canonicalKey(name: string, kinds: CatalogKind[]): string {
  for (const candidate of [name, name.replace(TYPE_SUFFIX, '')]) {
    const hit = catalog.lookup(candidate).find((h) => kinds.includes(h.entry.kind));
    if (hit) return aliasKey(hit.entry.name);
  }
  const stripped = name.replace(TYPE_SUFFIX, '');
  return aliasKey(catalog.lookup(stripped)[0]?.entry.name ?? stripped);
}

const perDoc: string[] = [];

interface Tally {
  tp: number;
  fp: number;
  fn: number;
  misses: Map<string, number>;
  extras: Map<string, number>;
}
const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0, misses: new Map(), extras: new Map() });
const score = { actor: tally(), malware: tally() };
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

const rows = readFileSync(goldPath, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as GoldRow)
  .filter((r) => r.annotated && (values.split === 'all' || r.split === values.split));

for (const row of rows) {
  const text = normalizeText(readFileSync(join(corpus, 'reports', `${row.doc}.txt`), 'utf8'));
  const mentions = analyze({ text, title: text.split('\n')[0] ?? '' }).mentions;
  const compare = (
    t: Tally,
    gold: string[],
    predicted: string[],
    kinds: CatalogKind[],
    label: string,
  ) => {
    const goldKeys = new Map(
      gold
        .map(cleanGold)
        .filter(Boolean)
        .map((g) => [canonicalKey(g, kinds), g]),
    );
    const predKeys = new Map(predicted.map((p) => [canonicalKey(p, kinds), p]));
    for (const [key, name] of predKeys) {
      if (goldKeys.has(key)) t.tp++;
      else {
        t.fp++;
        bump(t.extras, name);
      }
    }
    for (const [key, name] of goldKeys) {
      if (!predKeys.has(key)) {
        t.fn++;
        bump(t.misses, name);
      }
    }
    const extra = [...predKeys].filter(([k]) => !goldKeys.has(k)).map(([, n]) => `+${n}`);
    const missed = [...goldKeys].filter(([k]) => !predKeys.has(k)).map(([, n]) => `-${n}`);
    if (extra.length || missed.length)
      perDoc.push(
        `${row.split.padEnd(5)} ${row.doc.slice(0, 48).padEnd(48)} ${label}: ${[...missed, ...extra].join(' ')}`,
      );
  };
  compare(
    score.actor,
    row.groups,
    mentions.filter((m) => m.kind === 'actor').map((m) => m.canonical),
    ['actor'],
    'actors',
  );
  compare(
    score.malware,
    row.malware,
    mentions.filter((m) => m.kind === 'malware').map((m) => m.canonical),
    ['malware'],
    'malware',
  );
}

function report(label: string, t: Tally): void {
  const p = t.tp / (t.tp + t.fp || 1);
  const r = t.tp / (t.tp + t.fn || 1);
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  console.log(
    `${label.padEnd(8)} precision ${p.toFixed(3)}  recall ${r.toFixed(3)}  F1 ${f1.toFixed(3)}  (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`,
  );
  if (values.verbose) {
    const top = (m: Map<string, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => (n > 1 ? `${k} x${n}` : k))
        .join(', ');
    console.log(`  missed: ${top(t.misses) || '-'}`);
    console.log(`  extra:  ${top(t.extras) || '-'}`);
  }
}

if (values.verbose) console.log(`${perDoc.join('\n')}\n`);
console.log(`${rows.length} annotated reports (split: ${values.split}) from ${corpus}`);
report('actors', score.actor);
report('malware', score.malware);
