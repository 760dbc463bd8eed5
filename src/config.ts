/** @module Configuration: one zod schema over the environment (and `.env`); the only reader of process.env. */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ThreatBriefError } from './core/errors.ts';
import { TlpInputSchema } from './core/model/tlp.ts';

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i;
const UNITS: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
};

const ByteSize = z.string().transform((value, ctx) => {
  const m = SIZE.exec(value.trim());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a size (e.g. 20MB or 1048576)` });
    return z.NEVER;
  }
  return Math.round(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!);
});

const PostgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://');

export const ConfigSchema = z.object({
  THREATBRIEF_DB: z.string().min(1).default('data/threatbrief.sqlite'),
  DATABASE_URL: PostgresUrl.optional(),
  INGEST_MAX_BYTES: ByteSize.default(20 * 1024 * 1024),
  DEFAULT_TLP: TlpInputSchema.default('CLEAR'),
  LOCAL_CLEARANCE: TlpInputSchema.default('RED'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Empty strings count as unset, as most people expect from `FOO=` in a .env file. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

/** Validates the environment; the error names every variable to fix. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(withoutEmpty(env));
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
  );
  throw new ThreatBriefError('config', `invalid configuration:\n${problems.join('\n')}`);
}

/** The process environment, with `.env` from the working directory loaded first when there is one. */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  if (existsSync(envFile)) {
    try {
      process.loadEnvFile(envFile);
    } catch (error) {
      throw new ThreatBriefError('config', `cannot read ${envFile}: ${(error as Error).message}`);
    }
  }
  return process.env;
}

export function loadConfig(): Config {
  return parseConfig(readEnvironment());
}
