/**
 * @module Extraction evaluation: `npm run eval -- --corpus DIR [--split train|dev|all] [--verbose]`.
 *
 * DIR holds gold.jsonl ({doc, split, annotated, groups, malware} per line) and reports/<doc>.txt.
 * For every annotated report the distinct actor and malware names we extract are compared with
 * the gold names, alias-aware: both sides map through the catalog to one canonical name, so
 * "Fancy Bear" and "APT28" are one actor. Tools (Cobalt Strike, Mimikatz) count as malware, as
 * the gold does. Prints micro-averaged precision, recall and F1, and with --verbose the misses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { builtinCatalogEntries } from '../src/core/analysis/catalog/builtin.ts';
import { aliasKey, Catalog, type CatalogKind } from '../src/core/analysis/catalog/catalog.ts';
import { createEntityExtractor } from '../src/core/analysis/extract/extract-entities.ts';
import { normalizeText } from '../src/core/text/normalize.ts';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../shared/corpus/annoctr'),
    },
    split: { type: 'string', default: 'all' },
    verbose: { type: 'boolean', default: false },
  },
});
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
const extract = createEntityExtractor(catalog);

/** Annotation debris seen in gold names: "aka Sodinokibi", "TrickBot group ’ s", stray quotes. */
function cleanGold(name: string): string {
  return name
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
  const mentions = extract(text);
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
