/** @module Configuration: one zod schema over the environment (and `.env`); the only reader of process.env. */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { ThreatBriefError } from './core/errors.ts';
import { parseTlp, type Tlp, TlpInputSchema } from './core/model/tlp.ts';

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

const CommaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** "slack:C123=AMBER, teams:19:abc@thread.tacv2=GREEN": per-destination TLP clearances. */
const ClearanceMap = z.string().transform((value, ctx) => {
  const out: Record<string, Tlp> = {};
  for (const pair of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const at = pair.lastIndexOf('=');
    const tlp = at > 0 ? parseTlp(pair.slice(at + 1)) : undefined;
    if (!tlp) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not DESTINATION=TLP (e.g. slack:C0123=AMBER)`,
      });
      return z.NEVER;
    }
    out[pair.slice(0, at).trim()] = tlp;
  }
  return out;
});

const Flag = z.string().transform((v, ctx) => {
  if (/^(?:1|true|yes|on)$/i.test(v)) return true;
  if (/^(?:0|false|no|off)$/i.test(v)) return false;
  ctx.addIssue({ code: 'custom', message: `"${v}" is not a yes/no value (true, false, 1, 0)` });
  return z.NEVER;
});

/** A cron expression, or "off" (or empty) for a job that should not run. */
const OptionalCron = z
  .string()
  .transform((v) => (/^(off|none|false|0)$/i.test(v.trim()) ? null : v.trim()))
  .refine((v) => v === null || v.split(/\s+/).length === 5, {
    message: 'use five cron fields (e.g. "*/30 * * * *") or "off"',
  });

/** Public locations of the catalogs `catalog sync` follows: MISP galaxy clusters and MITRE ATT&CK. */
export const DEFAULT_CATALOG_SYNC_URLS = [
  ...[
    'threat-actor',
    'malpedia',
    'ransomware',
    'mitre-intrusion-set',
    'mitre-malware',
    'mitre-tool',
  ].map((name) => `https://raw.githubusercontent.com/MISP/misp-galaxy/main/clusters/${name}.json`),
  'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json',
];
const PositiveInt = z.coerce
  .number({ error: 'must be a whole number above 0' })
  .int('must be a whole number above 0')
  .positive('must be a whole number above 0');

/** A price in US dollars per million tokens, for the cost estimate in the logs. */
const UsdPerMillion = z.coerce
  .number({ error: 'must be US dollars per million tokens (e.g. 0.15)' })
  .nonnegative();

const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone (e.g. Europe/Berlin, UTC)');

export const ConfigSchema = z
  .object({
    THREATBRIEF_DB: z.string().min(1).default('data/threatbrief.sqlite'),
    DATABASE_URL: PostgresUrl.optional(),
    INGEST_MAX_BYTES: ByteSize.default(20 * 1024 * 1024),
    DEFAULT_TLP: TlpInputSchema.default('CLEAR'),
    LOCAL_CLEARANCE: TlpInputSchema.default('RED'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),

    CHANNEL_CLEARANCE: TlpInputSchema.default('CLEAR'),
    DM_CLEARANCE: TlpInputSchema.default('CLEAR'),
    CHANNEL_CLEARANCES: ClearanceMap.default({}),
    ADMIN_USERS: CommaList.default([]),

    BRIEFINGS_DIR: z.string().min(1).default('briefings'),
    DIGEST_TIMEZONE: TimeZone.default('UTC'),
    DIGEST_POST_EMPTY: Flag.default(true),
    DIGEST_CATCH_UP: Flag.default(true),

    PORT: z.coerce
      .number({ error: 'must be a port number (0-65535)' })
      .int()
      .min(0)
      .max(65535)
      .default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    ANSWER_WORKERS: z.coerce
      .number({ error: 'must be a whole number of worker threads (1-16)' })
      .int()
      .min(1)
      .max(16)
      .optional(),

    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token (xoxb-...)').optional(),
    SLACK_SIGNING_SECRET: z.string().min(8).optional(),
    SLACK_APP_TOKEN: z
      .string()
      .startsWith('xapp-', 'must be an app-level token (xapp-...)')
      .optional(),
    SLACK_API_URL: z.url().optional(),

    MicrosoftAppId: z.string().optional(),
    MicrosoftAppPassword: z.string().optional(),
    MicrosoftAppType: z
      .enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant'])
      .default('SingleTenant'),
    MicrosoftAppTenantId: z.string().optional(),
    TEAMS_DEV_MODE: Flag.default(false),

    ALLOW_PRIVATE_SOURCES: Flag.default(false),
    PRIVATE_SOURCE_HOSTS: CommaList.default([]),
    FETCH_MAX_BYTES: ByteSize.default(10 * 1024 * 1024),
    FETCH_TIMEOUT_SECONDS: z.coerce
      .number({ error: 'must be a number of seconds' })
      .positive()
      .max(600)
      .default(30),
    FEED_POLL_CRON: OptionalCron.default('*/30 * * * *'),
    TAXII_POLL_CRON: OptionalCron.default('*/30 * * * *'),
    CATALOG_SYNC_CRON: OptionalCron.default(null),
    CATALOG_SYNC_URLS: CommaList.default(DEFAULT_CATALOG_SYNC_URLS),
    // The model engine: on when OPENAI_API_KEY is set, the extractive engine otherwise.
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: z.url().optional(),
    OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
    OPENAI_TIMEOUT_MS: PositiveInt.default(20_000),
    OPENAI_MAX_RETRIES: z.coerce
      .number({ error: 'must be a whole number (0-10)' })
      .int()
      .min(0)
      .max(10)
      .default(2),
    OPENAI_MAX_PROMPT_TOKENS: PositiveInt.default(6000),
    OPENAI_MAX_OUTPUT_TOKENS: PositiveInt.default(1200),
    // List prices of the default model; set them for another model (0 for a self-hosted one).
    OPENAI_PRICE_INPUT: UsdPerMillion.default(0.15),
    OPENAI_PRICE_OUTPUT: UsdPerMillion.default(0.6),
    LLM_MAX_TLP: TlpInputSchema.default('GREEN'),
    PROMPTS_DIR: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    const need = (name: keyof typeof c, why: string) => {
      if (!c[name]) ctx.addIssue({ code: 'custom', path: [name], message: `is required ${why}` });
    };
    if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN)
      need(
        'SLACK_SIGNING_SECRET',
        'when Slack runs over HTTP (SLACK_BOT_TOKEN set, no SLACK_APP_TOKEN)',
      );
    if (c.SLACK_APP_TOKEN)
      need('SLACK_BOT_TOKEN', 'with SLACK_APP_TOKEN (Socket Mode still posts with the bot token)');
    if (c.OPENAI_BASE_URL && !c.OPENAI_API_KEY)
      need('OPENAI_API_KEY', 'with OPENAI_BASE_URL (a local server takes any non-empty key)');
    if (c.MicrosoftAppId && c.MicrosoftAppType === 'SingleTenant') {
      need('MicrosoftAppPassword', 'for a SingleTenant Azure Bot');
      need('MicrosoftAppTenantId', 'for a SingleTenant Azure Bot');
    }
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
