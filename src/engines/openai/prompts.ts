/**
 * @module The prompt templates in prompts/: plain files with {{named}} placeholders, read and checked
 * once at start. A file that is missing, lacks a placeholder the engine fills, or names one it does
 * not know stops start-up with the file's name, so a prompt edit cannot silently drop the passages.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ThreatBriefError } from '../../core/errors.ts';

/** The prompts/ folder shipped with the project. */
export const DEFAULT_PROMPTS_DIR = resolve(import.meta.dirname, '../../../prompts');

/** Each template, its file, and the placeholders the engine fills in it (all required). */
export const PROMPT_FILES = {
  system: { file: 'system.txt', placeholders: [] },
  answer: { file: 'answer.txt', placeholders: ['question', 'subjects', 'passages'] },
  followUp: {
    file: 'follow-up.txt',
    placeholders: ['history', 'question', 'subjects', 'passages'],
  },
  briefingSummary: { file: 'briefing-summary.txt', placeholders: ['story', 'passages'] },
} as const satisfies Record<string, { file: string; placeholders: readonly string[] }>;

export type PromptName = keyof typeof PROMPT_FILES;
type Placeholder<N extends PromptName> = (typeof PROMPT_FILES)[N]['placeholders'][number];

export interface Prompts {
  /** The template as read, for tests and for the request's system part. */
  readonly text: Record<PromptName, string>;
  /** The template with every placeholder replaced, in one pass. */
  fill<N extends PromptName>(name: N, values: Record<Placeholder<N>, string>): string;
}

const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_-]*)\s*\}\}/gi;

export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): Prompts {
  const text = {} as Record<PromptName, string>;
  for (const [name, spec] of Object.entries(PROMPT_FILES) as [
    PromptName,
    (typeof PROMPT_FILES)[PromptName],
  ][]) {
    const path = join(dir, spec.file);
    let template: string;
    try {
      template = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ThreatBriefError('config', `prompt file ${path} cannot be read`, { cause: error });
    }
    const found = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
    const wanted: readonly string[] = spec.placeholders;
    const missing = wanted.filter((p) => !found.has(p));
    if (missing.length)
      throw new ThreatBriefError(
        'config',
        `prompt file ${path} lacks ${missing.map((p) => `{{${p}}}`).join(', ')}`,
      );
    const unknown = [...found].filter((p) => !wanted.includes(p));
    if (unknown.length)
      throw new ThreatBriefError(
        'config',
        `prompt file ${path} has ${unknown.map((p) => `{{${p}}}`).join(', ')}, which nothing fills (it takes ${wanted.length ? wanted.map((p) => `{{${p}}}`).join(', ') : 'no placeholders'})`,
      );
    text[name] = template.trim();
  }
  return {
    text,
    fill(name, values) {
      // One pass: a value that itself holds "{{question}}" (report text can) stays as written.
      return text[name].replace(
        PLACEHOLDER,
        (_, key: string) => (values as Record<string, string>)[key] ?? '',
      );
    },
  };
}
