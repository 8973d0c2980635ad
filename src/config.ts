import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));
const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v.trim())))
    .pipe(
      z
        .number({ error: 'must be a whole number' })
        .int('must be a whole number')
        .min(min, `must be at least ${min}`)
        .max(max, `must be at most ${max}`),
    );

/**
 * Every environment variable the bot reads, with its default and its
 * meaning. The configuration table (docs/configuration.md) is checked against the
 * `description`s here by a test.
 */
export const CONFIG_VARIABLES = {
  KNOWLEDGE_DIR: {
    schema: z
      .string()
      .optional()
      .transform((v) => v?.trim() || './knowledge'),
    description: 'Folder of `.md` and `.txt` documents to answer from.',
    example: './knowledge',
  },
  DATA_DIR: {
    schema: z
      .string()
      .optional()
      .transform((v) => v?.trim() || './data'),
    description: 'Folder for the question log (SQLite) and the index snapshot.',
    example: './data',
  },
  PORT: {
    schema: int(3000, 0, 65535),
    description: 'HTTP port for /healthz, /readyz, /metrics and the HTTP-mode platform endpoints.',
    example: '3000',
  },
  METRICS_PORT: {
    schema: z
      .string()
      .optional()
      .transform((v) => (v === undefined || v.trim() === '' ? undefined : Number(v.trim())))
      .pipe(
        z
          .number({ error: 'must be a whole number' })
          .int('must be a whole number')
          .min(0, 'must be at least 0')
          .max(65535, 'must be at most 65535')
          .optional(),
      ),
    description: 'Serve /healthz, /readyz and /metrics on this port, apart from PORT, which then keeps no /metrics.',
    example: '',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'pino log level.',
    example: 'info',
  },
  RATE_LIMIT_QUESTIONS: {
    schema: int(10, 1, 10_000),
    description: 'Questions one user may ask per window, on every platform.',
    example: '10',
  },
  RATE_LIMIT_WINDOW_SECONDS: {
    schema: int(60, 1, 86_400),
    description: 'Length of the rate-limit window, in seconds.',
    example: '60',
  },
  RETENTION_DAYS: {
    schema: int(90, 1, 3650),
    description: 'Days the question log keeps a question before deleting it.',
    example: '90',
  },
  DISCORD_TOKEN: {
    schema: optionalText,
    description: 'Discord bot token. With DISCORD_APPLICATION_ID, starts the gateway mode.',
    example: '',
  },
  DISCORD_APPLICATION_ID: { schema: optionalText, description: 'Discord application id.', example: '' },
  DISCORD_PUBLIC_KEY: {
    schema: optionalText,
    description: 'Discord public key (hex), for the HTTP interactions endpoint.',
    example: '',
  },
  DISCORD_MODE: {
    schema: z.enum(['gateway', 'http']).default('gateway'),
    description: '`gateway` (a bot connection) or `http` (an Interactions Endpoint URL at POST /discord/interactions).',
    example: 'gateway',
  },
  DISCORD_API_URL: {
    schema: url('https://discord.com/api'),
    description: 'Discord REST API base, for proxies and tests.',
    example: 'https://discord.com/api',
  },
  DISCORD_SHARDS: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const text = v?.trim() ?? '';
        if (text === '' || text === 'auto') return text === '' ? undefined : ('auto' as const);
        const n = Number(text);
        if (Number.isInteger(n) && n >= 1 && n <= 1000) return n;
        ctx.addIssue({ code: 'custom', message: 'must be `auto` or a number of shards from 1 to 1000' });
        return z.NEVER;
      }),
    description: '`auto` or a number: gateway shards, needed past 2,500 servers.',
    example: '',
  },
  DISCORD_GUILD_ID: {
    schema: optionalText,
    description: 'Register commands in this server only (instant), instead of globally.',
    example: '',
  },
  DISCORD_GUILD_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated server ids the bot answers in; empty means all.',
    example: '',
  },
  DISCORD_CHANNEL_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated Discord channel ids the bot answers in; empty means all.',
    example: '',
  },
  SLACK_BOT_TOKEN: { schema: optionalText, description: 'Slack bot token (`xoxb-…`).', example: '' },
  SLACK_APP_TOKEN: { schema: optionalText, description: 'Slack app-level token (`xapp-…`): Socket Mode.', example: '' },
  SLACK_SIGNING_SECRET: {
    schema: optionalText,
    description: 'Slack signing secret: HTTP mode at POST /slack/events (when SLACK_APP_TOKEN is unset).',
    example: '',
  },
  SLACK_API_URL: {
    schema: url('https://slack.com/api/'),
    description: 'Slack Web API base, for proxies and tests.',
    example: 'https://slack.com/api/',
  },
  SLACK_COMMAND: {
    schema: z
      .string()
      .optional()
      .transform((v) => v?.trim() || '/ask')
      .pipe(
        z
          .string()
          .regex(
            /^\/[a-z0-9_-]{1,31}$/,
            'must be a slash command such as /ask: lower case, no spaces, 32 characters at most',
          ),
      ),
    description: 'The Slack slash command, as named in the app settings (`manifest.yml`).',
    example: '/ask',
  },
  SLACK_CHANNEL_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated Slack channel ids the bot answers in; empty means all.',
    example: '',
  },
} as const;

type Variables = typeof CONFIG_VARIABLES;
/** The parsed configuration. */
export type Config = { readonly [K in keyof Variables]: z.output<Variables[K]['schema']> };

const FIXES: Partial<Record<keyof Variables, string>> = {
  DISCORD_APPLICATION_ID: 'copy it from the Developer Portal, General Information',
  DISCORD_PUBLIC_KEY: 'copy it from the Developer Portal, General Information',
  DISCORD_TOKEN: 'reset and copy it from the Developer Portal, Bot',
  SLACK_BOT_TOKEN: 'copy it from your Slack app, OAuth & Permissions',
  SLACK_SIGNING_SECRET: 'copy it from your Slack app, Basic Information',
  SLACK_APP_TOKEN: 'create one with connections:write in your Slack app, Basic Information',
};

/** Configuration problems, each with what to do about it. */
export class ConfigError extends Error {
  readonly code = 'CONFIG';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Reads the configuration from an environment, once, at the edge. Every
 * problem is collected and reported together, each with its fix.
 *
 * @throws ConfigError listing every problem
 * @example
 * const config = parseConfig(process.env);
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, { schema }] of Object.entries(CONFIG_VARIABLES)) {
    const parsed = schema.safeParse(env[name]);
    if (parsed.success) values[name] = parsed.data;
    else
      for (const issue of parsed.error.issues)
        problems.push(`${name}: ${issue.message}${name in FIXES ? ` (${FIXES[name as keyof Variables]})` : ''}`);
  }
  const c = values as Config;
  const need = (when: boolean, name: keyof Variables, why: string): void => {
    if (when && c[name] === undefined) problems.push(`${name}: required ${why} (${FIXES[name] ?? 'set it'})`);
  };
  need(c.DISCORD_TOKEN !== undefined && c.DISCORD_MODE === 'gateway', 'DISCORD_APPLICATION_ID', 'with DISCORD_TOKEN');
  need(c.DISCORD_MODE === 'http', 'DISCORD_PUBLIC_KEY', 'when DISCORD_MODE=http');
  need(c.DISCORD_MODE === 'http', 'DISCORD_APPLICATION_ID', 'when DISCORD_MODE=http');
  if (c.DISCORD_PUBLIC_KEY !== undefined && !/^[0-9a-f]{64}$/i.test(c.DISCORD_PUBLIC_KEY))
    problems.push(
      'DISCORD_PUBLIC_KEY: must be 64 hex characters (copy it from the Developer Portal, General Information)',
    );
  need(
    c.SLACK_APP_TOKEN !== undefined || c.SLACK_SIGNING_SECRET !== undefined,
    'SLACK_BOT_TOKEN',
    'with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET',
  );
  if (c.SLACK_BOT_TOKEN !== undefined && c.SLACK_APP_TOKEN === undefined && c.SLACK_SIGNING_SECRET === undefined)
    problems.push(
      'SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (Socket Mode needs the app token; HTTP mode the signing secret)',
    );
  if (c.SLACK_BOT_TOKEN !== undefined && !c.SLACK_BOT_TOKEN.startsWith('xoxb-'))
    problems.push('SLACK_BOT_TOKEN: must start with xoxb- (copy the Bot User OAuth Token from OAuth & Permissions)');
  if (c.SLACK_APP_TOKEN !== undefined && !c.SLACK_APP_TOKEN.startsWith('xapp-'))
    problems.push('SLACK_APP_TOKEN: must start with xapp- (create an app-level token in Basic Information)');
  if (problems.length > 0) throw new ConfigError(problems);
  return c;
}

/** Which platforms a configuration turns on. */
export function platformsOf(config: Config): { discord?: 'gateway' | 'http'; slack?: 'socket' | 'http' } {
  const out: { discord?: 'gateway' | 'http'; slack?: 'socket' | 'http' } = {};
  if (config.DISCORD_MODE === 'http' && config.DISCORD_PUBLIC_KEY !== undefined) out.discord = 'http';
  else if (config.DISCORD_TOKEN !== undefined) out.discord = 'gateway';
  if (config.SLACK_BOT_TOKEN !== undefined) out.slack = config.SLACK_APP_TOKEN !== undefined ? 'socket' : 'http';
  return out;
}
