/**
 * The model engine as the application composes it: on with OPENAI_API_KEY, prompts checked at
 * start, `ask --json` naming the engine that answered.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { GuardedEngine } from '../../src/core/answer/guarded-engine.ts';
import {
  DEFAULT_PROMPTS_DIR,
  loadPrompts,
  PROMPT_FILES,
} from '../../src/engines/openai/prompts.ts';
import { openApp } from '../../src/main.ts';
import { FakeOpenAI, faithful, systemPart } from '../fakes/openai-server.ts';
import { cli } from '../support/cli.ts';
import { examplesDb } from '../support/fixture-dbs.ts';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start();
  fake.otherwise(faithful);
});
afterAll(() => fake.close());

function promptsCopy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'threatbrief-prompts-'));
  cpSync(DEFAULT_PROMPTS_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('prompts/', () => {
  it('loads the shipped templates, each with every placeholder the engine fills', () => {
    const prompts = loadPrompts();
    for (const [name, spec] of Object.entries(PROMPT_FILES))
      for (const p of spec.placeholders)
        expect(prompts.text[name as keyof typeof PROMPT_FILES]).toContain(`{{${p}}}`);
    // One pass: a value holding a placeholder stays as written.
    expect(
      prompts.fill('answer', { question: '{{passages}}', subjects: 'X', passages: 'P' }),
    ).toContain('<question>\n{{passages}}\n</question>');
  });

  it('stops start-up naming the file that lacks a placeholder', async () => {
    const dir = promptsCopy((d) => {
      const file = join(d, 'answer.txt');
      writeFileSync(file, readFileSync(file, 'utf8').replace('{{passages}}', ''));
    });
    const config = parseConfig({
      THREATBRIEF_DB: await examplesDb(),
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseURL,
      PROMPTS_DIR: dir,
    });
    await expect(openApp({ config })).rejects.toThrow(
      `prompt file ${join(dir, 'answer.txt')} lacks {{passages}}`,
    );
  });

  it('refuses a placeholder nothing fills, an emptied file and a missing one', () => {
    const typo = promptsCopy((d) => writeFileSync(join(d, 'system.txt'), 'Hello {{qestion}}'));
    expect(() => loadPrompts(typo)).toThrow(/system\.txt has \{\{qestion\}\}, which nothing fills/);
    const gone = promptsCopy((d) => writeFileSync(join(d, 'follow-up.txt'), ''));
    expect(() => loadPrompts(gone)).toThrow(/follow-up\.txt lacks \{\{history\}\}/);
    const missing = promptsCopy((d) => rmSync(join(d, 'briefing-summary.txt')));
    expect(() => loadPrompts(missing)).toThrow(/briefing-summary\.txt cannot be read/);
  });
});

describe('configuration', () => {
  it('serves the model engine behind the guard when OPENAI_API_KEY is set', async () => {
    const app = await openApp({
      config: parseConfig({
        THREATBRIEF_DB: await examplesDb(),
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: fake.baseURL,
      }),
    });
    try {
      expect(app.engine).toBeInstanceOf(GuardedEngine);
      expect(app.engine.name).toBe('openai');
    } finally {
      await app.close();
    }
  });

  it('names OPENAI_API_KEY when only the base URL is set', () => {
    expect(() => parseConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' })).toThrow(
      /OPENAI_API_KEY: is required with OPENAI_BASE_URL/,
    );
    expect(() => parseConfig({ OPENAI_API_KEY: 'k', LLM_MAX_TLP: 'PURPLE' })).toThrow(
      /LLM_MAX_TLP: "PURPLE" is not a TLP label/,
    );
  });

  it('`ask --json` shows engine "openai" when configured and "extractive" otherwise', async () => {
    const question = ['ask', 'who is behind Volt Typhoon?', '--clearance', 'clear', '--json'];
    const before = fake.requests.length;
    const withModel = await cli(await examplesDb(), {
      OPENAI_API_KEY: 'test-key',
      OPENAI_BASE_URL: fake.baseURL,
      LOG_LEVEL: 'silent',
    })(...question);
    expect(withModel.code).toBe(0);
    expect(withModel.json().engine).toBe('openai');
    expect(withModel.json().notice).toBeNull();
    expect(fake.requests.length).toBe(before + 1);
    expect(systemPart(fake.requests.at(-1)!)).toBe(loadPrompts().text.system);
    const without = await cli(await examplesDb())(...question);
    expect(without.json().engine).toBe('extractive');
    expect(fake.requests.length).toBe(before + 1);
  });
});
