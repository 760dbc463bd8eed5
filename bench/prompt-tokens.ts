/**
 * @module What the model engine would send, without calling a model: `node bench/prompt-tokens.ts
 * [--corpus DIR] [--questions FILE] [--count N] [--budget TOKENS]`. Ingests the corpus into a
 * fresh SQLite file, plans the first N questions of the question bank as the engine does (core
 * retrieval, LLM_MAX_TLP RED since the corpus is public, the prompt-token budget), and prints
 * per question the prompt tokens against the tokens of sending every retrieved report whole,
 * and whether the passages sent still hold the bank's expected answer. Asserts nothing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AnalysisService } from '../src/core/analysis/analysis-service.ts';
import { ingestDocuments } from '../src/core/ingest/ingest-documents.ts';
import { fixedClock, systemClock } from '../src/core/ports/clock.ts';
import { planAnswer } from '../src/engines/openai/plan.ts';
import { loadPrompts } from '../src/engines/openai/prompts.ts';
import { messagesTokenCount, tokenCount } from '../src/engines/openai/tokens.ts';
import { fileDocuments } from '../src/sources/files/file-documents.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';

const { values } = parseArgs({
  options: {
    corpus: {
      type: 'string',
      default: resolve(import.meta.dirname, '../../shared/corpus/annoctr/reports'),
    },
    questions: {
      type: 'string',
      default: resolve(import.meta.dirname, '../eval/question-bank.jsonl'),
    },
    count: { type: 'string', default: '20' },
    budget: { type: 'string', default: '6000' },
  },
});
if (!existsSync(values.corpus!)) {
  console.error(`bench: no corpus at ${values.corpus}; pass --corpus DIR`);
  process.exit(2);
}

interface BankQuestion {
  id: string;
  command: 'ask' | 'actor';
  text: string;
  must: string[];
}
const bank = readFileSync(values.questions!, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as BankQuestion)
  .slice(0, Number(values.count));

const store = openSqliteStore({
  path: join(mkdtempSync(join(tmpdir(), 'threatbrief-tokens-')), 'bench.sqlite'),
});
const analysis = await AnalysisService.load(store);
const docs = await fileDocuments([values.corpus!], { maxBytes: 20 * 1024 * 1024 });
await ingestDocuments({ store, clock: systemClock, analysis }, docs, { defaultTlp: 'CLEAR' });
const prompts = loadPrompts();
const deps = {
  store,
  analysis,
  clock: fixedClock('2026-11-21T08:00:00Z'),
  prompts,
  maxTlp: 'RED' as const,
  maxPromptTokens: Number(values.budget),
};

/** "Canada" or "United States|U.S": any spelling, case-insensitive. */
const holds = (text: string, must: string[]) =>
  must.every((m) => m.split('|').some((alt) => text.toLowerCase().includes(alt.toLowerCase())));

const wholeTokens = new Map<string, number>();
async function reportTokens(id: string): Promise<number> {
  if (!wholeTokens.has(id))
    wholeTokens.set(id, tokenCount((await store.getReport(id))?.text ?? ''));
  return wholeTokens.get(id)!;
}

console.log(
  `${docs.length} files, ${bank.length} questions, prompt budget ${values.budget} tokens\n`,
);
console.log(
  '| id | question | passages | prompt tokens | reports | whole-report tokens | ratio | answer in passages | in whole reports |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
const rows: { prompt: number; whole: number; inPassages: boolean; inWhole: boolean }[] = [];
let local = 0;
const times: number[] = [];
for (const q of bank) {
  const started = performance.now();
  const plan = await planAnswer(deps, {
    command: q.command,
    text: q.text,
    clearance: 'RED',
    thread: null,
  });
  times.push(performance.now() - started);
  const text = q.text.length > 60 ? `${q.text.slice(0, 57)}...` : q.text;
  if (plan.kind === 'local') {
    local++;
    console.log(`| ${q.id} | ${text} | - | - | - | - | - | (no model: ${plan.why}) | |`);
    continue;
  }
  // Whole reports in place of the passages block, the rest of the prompt as sent.
  const frame = messagesTokenCount(plan.messages) - tokenCount(plan.messages[1]!.content);
  const user = tokenCount(
    plan.messages[1]!.content.replace(/<untrusted-passages>[\s\S]*<\/untrusted-passages>/, ''),
  );
  let whole = frame + user;
  const texts: string[] = [];
  for (const id of plan.retrieved) {
    whole += await reportTokens(id);
    texts.push((await store.getReport(id))?.text ?? '');
  }
  const sent = plan.selection.passages.map((p) => p.text).join('\n');
  const row = {
    prompt: plan.promptTokens,
    whole,
    inPassages: holds(sent, q.must),
    inWhole: holds(texts.join('\n'), q.must),
  };
  rows.push(row);
  console.log(
    `| ${q.id} | ${text} | ${plan.selection.passages.length} | ${row.prompt} | ${plan.retrieved.length} | ${row.whole} | ${(row.whole / row.prompt).toFixed(1)}x | ${row.inPassages ? 'yes' : 'no'} | ${row.inWhole ? 'yes' : 'no'} |`,
  );
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(
  `\n${rows.length} questions planned a model call (${local} answered without one).` +
    `\nprompt tokens: median ${median(rows.map((r) => r.prompt))}, total ${sum(rows.map((r) => r.prompt))}` +
    `\nwhole retrieved reports: median ${median(rows.map((r) => r.whole))}, total ${sum(rows.map((r) => r.whole))}` +
    ` (${(sum(rows.map((r) => r.whole)) / Math.max(1, sum(rows.map((r) => r.prompt)))).toFixed(1)}x the passages)` +
    `\nexpected answer in the passages sent: ${rows.filter((r) => r.inPassages).length}/${rows.length}; in the whole reports: ${rows.filter((r) => r.inWhole).length}/${rows.length}` +
    `\nplanning time per question: median ${median(times).toFixed(1)} ms`,
);
await store.close();
