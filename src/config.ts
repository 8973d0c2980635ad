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
/** A decimal whole number only: `0x10`, `1e3`, `16.0` and `+16` are refused, not read as something else. */
const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === '' ? fallback : /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN,
    )
    .pipe(
      z
        .number({ error: 'must be a whole number' })
        .int('must be a whole number')
        .min(min, `must be at least ${min}`)
        .max(max, `must be at most ${max}`),
    );

/** An optional server URL; the value itself never appears in an error (it may hold a password). */
const serverUrl = (protocol: RegExp, message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v?.trim() ?? '';
      if (text === '') return undefined;
      if (protocol.test(text) && URL.canParse(text)) return text;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    });

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
  KNOWLEDGE_MAX_FILE_MB: {
    schema: int(16, 1, 1024),
    description: 'Largest knowledge file read, in MB; a larger one is skipped with a reason.',
    example: '16',
  },
  QUESTION_LOG: {
    schema: z.enum(['on', 'off']).default('on'),
    description: '`on`: keep the question log (start-up stops if DATA_DIR is unusable); `off`: none.',
    example: 'on',
  },
  USER_HASH_SALT: {
    schema: optionalText,
    description: 'Salt for stored user-id hashes; empty: a random one made once, kept in DATA_DIR.',
    example: '',
  },
  PORT: {
    schema: int(3000, 1, 65535),
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
  DATABASE_URL: {
    schema: serverUrl(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    description: 'PostgreSQL for the question log and feedback, shared by replicas; empty means SQLite in DATA_DIR.',
    example: '',
  },
  REDIS_URL: {
    schema: serverUrl(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    description: 'Redis for rate limits and event de-duplication across replicas; empty means per process.',
    example: '',
  },
  REDIS_KEY_PREFIX: {
    schema: z
      .string()
      .optional()
      .transform((v) => v?.trim() || 'qabot:'),
    description: 'Prefix of every Redis key the bot writes.',
    example: 'qabot:',
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
  DISCORD_SHARD_IDS: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const ids = (v ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
        if (ids.length === 0) return undefined;
        const numbers = ids.map(Number);
        if (numbers.every((n) => Number.isInteger(n) && n >= 0)) return numbers;
        ctx.addIssue({ code: 'custom', message: 'must be shard numbers separated by commas, e.g. 0,1' });
        return z.NEVER;
      }),
    description: "This replica's gateway shards, e.g. `0,1`, out of DISCORD_SHARD_COUNT.",
    example: '',
  },
  DISCORD_SHARD_COUNT: {
    schema: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const text = v?.trim() ?? '';
        if (text === '') return undefined;
        const n = Number(text);
        if (Number.isInteger(n) && n >= 1 && n <= 10_000) return n;
        ctx.addIssue({ code: 'custom', message: 'must be a whole number from 1 to 10000' });
        return z.NEVER;
      }),
    description: 'Shards across all replicas, with DISCORD_SHARD_IDS.',
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
  TELEGRAM_BOT_TOKEN: {
    schema: optionalText,
    description: 'Telegram bot token from BotFather: starts long polling (or the webhook, with TELEGRAM_MODE=webhook).',
    example: '',
  },
  TELEGRAM_MODE: {
    schema: z.enum(['polling', 'webhook']).default('polling'),
    description: '`polling` (the bot fetches updates) or `webhook` (Telegram posts them to POST /telegram/webhook).',
    example: 'polling',
  },
  TELEGRAM_WEBHOOK_SECRET: {
    schema: optionalText,
    description: 'Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (A-Z a-z 0-9 _ -).',
    example: '',
  },
  TELEGRAM_WEBHOOK_URL: {
    schema: optionalText.pipe(z.url({ protocol: /^https$/, error: 'must be an https URL' }).optional()),
    description: 'Webhook mode: the public https URL of /telegram/webhook, set with setWebhook at start.',
    example: '',
  },
  TELEGRAM_API_URL: {
    schema: url('https://api.telegram.org'),
    description: 'Telegram Bot API base (default https://api.telegram.org), for proxies and tests.',
    example: '',
  },
  TELEGRAM_CHAT_ALLOWLIST: {
    schema: list,
    description: 'Comma-separated Telegram chat ids the bot answers in (groups are negative); empty means all.',
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
  TELEGRAM_BOT_TOKEN: 'send /newbot or /token to @BotFather',
  TELEGRAM_WEBHOOK_SECRET: 'choose 1-256 characters of A-Z a-z 0-9 _ -',
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
  // An invalid DISCORD_MODE still asks for what both modes need, so that every problem shows at once.
  const discordMode: Config['DISCORD_MODE'] | 'unknown' = 'DISCORD_MODE' in values ? c.DISCORD_MODE : 'unknown';
  const need = (when: boolean, name: keyof Variables, why: string): void => {
    if (when && c[name] === undefined) problems.push(`${name}: required ${why} (${FIXES[name] ?? 'set it'})`);
  };
  need(c.DISCORD_TOKEN !== undefined && discordMode !== 'http', 'DISCORD_APPLICATION_ID', 'with DISCORD_TOKEN');
  need(discordMode === 'http', 'DISCORD_PUBLIC_KEY', 'when DISCORD_MODE=http');
  need(discordMode === 'http', 'DISCORD_APPLICATION_ID', 'when DISCORD_MODE=http');
  need(discordMode === 'unknown' && c.DISCORD_TOKEN === undefined, 'DISCORD_APPLICATION_ID', 'for either DISCORD_MODE');
  if (c.DISCORD_APPLICATION_ID !== undefined && !/^\d{1,20}$/.test(c.DISCORD_APPLICATION_ID))
    problems.push(`DISCORD_APPLICATION_ID: must be a number (${FIXES.DISCORD_APPLICATION_ID})`);
  if (c.DISCORD_PUBLIC_KEY !== undefined && !/^[0-9a-f]{64}$/i.test(c.DISCORD_PUBLIC_KEY))
    problems.push(
      'DISCORD_PUBLIC_KEY: must be 64 hex characters (copy it from the Developer Portal, General Information)',
    );
  if ((c.DISCORD_SHARD_IDS === undefined) !== (c.DISCORD_SHARD_COUNT === undefined))
    problems.push('DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT: set both, or neither (e.g. 0,1 and 4)');
  const outOfRange = c.DISCORD_SHARD_IDS?.filter(
    (id) => c.DISCORD_SHARD_COUNT !== undefined && id >= c.DISCORD_SHARD_COUNT,
  );
  if (outOfRange !== undefined && outOfRange.length > 0)
    problems.push(
      `DISCORD_SHARD_IDS: ${outOfRange.join(', ')} not below DISCORD_SHARD_COUNT (shards are numbered from 0)`,
    );
  if (c.DISCORD_SHARD_IDS !== undefined && c.DISCORD_SHARDS !== undefined)
    problems.push('DISCORD_SHARDS: unset it when DISCORD_SHARD_IDS and DISCORD_SHARD_COUNT are set');
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
  need(c.TELEGRAM_MODE === 'webhook', 'TELEGRAM_BOT_TOKEN', 'when TELEGRAM_MODE=webhook');
  need(c.TELEGRAM_MODE === 'webhook', 'TELEGRAM_WEBHOOK_SECRET', 'when TELEGRAM_MODE=webhook');
  if (c.TELEGRAM_WEBHOOK_SECRET !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(c.TELEGRAM_WEBHOOK_SECRET))
    problems.push(
      `TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters of A-Z a-z 0-9 _ - (${FIXES.TELEGRAM_WEBHOOK_SECRET})`,
    );
  if (c.TELEGRAM_BOT_TOKEN !== undefined && !/^\d+:[A-Za-z0-9_-]+$/.test(c.TELEGRAM_BOT_TOKEN))
    problems.push(`TELEGRAM_BOT_TOKEN: must look like 123456:ABC-DEF… (${FIXES.TELEGRAM_BOT_TOKEN})`);
  if (problems.length > 0) throw new ConfigError(problems);
  return c;
}

/** Which platforms a configuration turns on. */
export function platformsOf(config: Config): {
  discord?: 'gateway' | 'http';
  slack?: 'socket' | 'http';
  telegram?: 'polling' | 'webhook';
} {
  const out: ReturnType<typeof platformsOf> = {};
  if (config.TELEGRAM_BOT_TOKEN !== undefined) out.telegram = config.TELEGRAM_MODE;
  if (config.DISCORD_MODE === 'http' && config.DISCORD_PUBLIC_KEY !== undefined) out.discord = 'http';
  else if (config.DISCORD_TOKEN !== undefined) out.discord = 'gateway';
  if (config.SLACK_BOT_TOKEN !== undefined) out.slack = config.SLACK_APP_TOKEN !== undefined ? 'socket' : 'http';
  return out;
}
