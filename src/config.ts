import { z } from 'zod';
import { optionalText, serverUrl, wholeNumber } from './config-schemas.js';

/** One environment variable: how to read it, what it means, and what to do when it is wrong. */
export interface ConfigVariable {
  /** Reads the raw value (undefined when unset) into its typed value, or says what is wrong. */
  readonly schema: z.ZodType;
  /** One line for the configuration table and `.env.example`. */
  readonly description: string;
  /** The default, or an example; empty when there is neither. */
  readonly example: string;
  /** What to do when the value is wrong or missing, appended to each of its problems. */
  readonly fix?: string;
  /** A credential: never logged (the logger redacts a field of this name). */
  readonly secret?: boolean;
}

/** Variables by name. */
export type ConfigVariables = Readonly<Record<string, ConfigVariable>>;

/** The parsed values of a set of variables. */
export type ValuesOf<V extends ConfigVariables> = { readonly [K in keyof V]: z.output<V[K]['schema']> };

/**
 * A part of the configuration beside the core: one platform's variables,
 * and the problems that span several of them.
 */
export interface ConfigPart<V extends ConfigVariables = ConfigVariables> {
  readonly name: string;
  readonly variables: V;
  /**
   * Problems across this part's variables, each one line with its fix.
   * A variable whose own value was wrong is missing from `values`.
   */
  check?(values: Partial<ValuesOf<V>>): string[];
}

/**
 * The environment variables of the bot itself, with their defaults and
 * meanings; each platform brings its own (adapters/<name>/platform.ts). The
 * configuration table (docs/configuration.md) is generated from both.
 */
export const CORE_VARIABLES = {
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
    schema: wholeNumber(16, 1, 1024),
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
    schema: wholeNumber(3000, 1, 65535),
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
    schema: wholeNumber(10, 1, 10_000),
    description: 'Questions one user may ask per window, on every platform.',
    example: '10',
  },
  RATE_LIMIT_WINDOW_SECONDS: {
    schema: wholeNumber(60, 1, 86_400),
    description: 'Length of the rate-limit window, in seconds.',
    example: '60',
  },
  RETENTION_DAYS: {
    schema: wholeNumber(90, 1, 3650),
    description: 'Days the question log keeps a question before deleting it.',
    example: '90',
  },
  DATABASE_URL: {
    schema: serverUrl(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
    description: 'PostgreSQL for the question log and feedback, shared by replicas; empty means SQLite in DATA_DIR.',
    example: '',
    secret: true,
  },
  REDIS_URL: {
    schema: serverUrl(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    description: 'Redis for rate limits and event de-duplication across replicas; empty means per process.',
    example: '',
    secret: true,
  },
  REDIS_KEY_PREFIX: {
    schema: z
      .string()
      .optional()
      .transform((v) => v?.trim() || 'qabot:'),
    description: 'Prefix of every Redis key the bot writes.',
    example: 'qabot:',
  },
} as const satisfies ConfigVariables;

/** The parsed core configuration. */
export type CoreConfig = ValuesOf<typeof CORE_VARIABLES>;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The parsed configuration of the core and the given parts, in one object. */
export type ConfigOf<P extends readonly ConfigPart[]> = CoreConfig & Intersection<ValuesOf<P[number]['variables']>>;

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
 * The problem line of a variable that must be set, with its fix.
 *
 * @example
 * required(SLACK_VARIABLES, 'SLACK_BOT_TOKEN', 'with SLACK_APP_TOKEN')
 * // 'SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN (copy it from your Slack app, OAuth & Permissions)'
 */
export function required(variables: ConfigVariables, name: string, why: string): string {
  return `${name}: required ${why} (${variables[name]?.fix ?? 'set it'})`;
}

/**
 * Reads the configuration from an environment, once, at the edge: the core
 * variables and those of each part (the platforms, which adapters/ passes
 * in). Every problem is collected and reported together, each with its fix.
 *
 * @throws ConfigError listing every problem
 * @example
 * const config = parseConfig(process.env, PLATFORMS);
 */
export function parseConfig<const P extends readonly ConfigPart[] = []>(
  env: Readonly<Record<string, string | undefined>>,
  parts: P = [] as unknown as P,
): ConfigOf<P> {
  const problems: string[] = [];
  const all: readonly ConfigPart[] = [{ name: 'core', variables: CORE_VARIABLES }, ...parts];
  const values = all.map((part) => {
    const own: Record<string, unknown> = {};
    for (const [name, { schema, fix }] of Object.entries(part.variables)) {
      const parsed = schema.safeParse(env[name]);
      if (parsed.success) own[name] = parsed.data;
      else
        for (const issue of parsed.error.issues)
          problems.push(`${name}: ${issue.message}${fix === undefined ? '' : ` (${fix})`}`);
    }
    return own;
  });
  all.forEach((part, i) => problems.push(...(part.check?.(values[i] ?? {}) ?? [])));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.assign({}, ...values) as ConfigOf<P>;
}
