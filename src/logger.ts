import { pino, type DestinationStream, type Logger } from 'pino';
import { CORE_VARIABLES, type ConfigVariables } from './config.js';

/** Field paths that carry a credential whatever the platform: tokens, authorization headers, response URLs. */
const CREDENTIAL_FIELDS = [
  'token',
  '*.token',
  '*.*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'response_url',
  '*.response_url',
  '*.*.response_url',
  'responseUrl',
  '*.responseUrl',
  'connectionString',
  '*.connectionString',
];

/**
 * The log field paths of the variables marked `secret`: a field named after
 * the variable, at the top or one level down.
 *
 * @example
 * secretPaths({ REDIS_URL: { ...redisUrl, secret: true } }) // ['REDIS_URL', '*.REDIS_URL']
 */
export function secretPaths(variables: ConfigVariables): string[] {
  return Object.entries(variables)
    .filter(([, v]) => v.secret === true)
    .flatMap(([name]) => [name, `*.${name}`]);
}

/**
 * Field paths pino blanks out wherever they appear in a log line: the
 * credential fields and the core's secret variables. adapters/config.ts adds
 * each registered platform's to make the process logger's list.
 */
export const REDACT_PATHS: readonly string[] = [...CREDENTIAL_FIELDS, ...secretPaths(CORE_VARIABLES)];

export interface LoggerOptions {
  readonly level: string;
  /** Where lines go; standard error by default, so answers on standard output stay clean. */
  readonly destination?: DestinationStream;
  /** Human-readable lines (pino-pretty), for a terminal. */
  readonly pretty?: boolean;
  /** Field paths to redact. Default {@link REDACT_PATHS}; the process passes the registry's longer list. */
  readonly redact?: readonly string[];
}

/**
 * The process logger: pino JSON lines, with every credential-bearing field
 * redacted by path. Never put a credential into a message string.
 *
 * @see https://getpino.io/#/docs/redaction
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: [...(options.redact ?? REDACT_PATHS)], censor: '[redacted]' } };
  if (options.destination !== undefined) return pino(base, options.destination);
  if (options.pretty === true) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss' } },
    });
  }
  return pino(base, pino.destination({ dest: 2, sync: false }));
}

/**
 * User text made safe for a log line: CR and LF (and other control
 * characters) become spaces, so nobody can forge a log line, and it is cut
 * to a sane length.
 *
 * @example
 * forLog('hi\r\n{"level":50}') // 'hi  {"level":50}'
 */
export function forLog(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001F\u007F\u2028\u2029]/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * The one shape of an error in a log line, always under the key `err`:
 * `{ type, message, code?, status?, stack? }`. The message is one line, cut
 * short, with any `secrets` blanked. Nothing else of the error is kept: a
 * REST or Web API error carries the request URL (with an interaction token
 * or a response_url) and the body, so those keep no stack either.
 *
 * @example
 * logger.error({ err: errorForLog(error, [interaction.token]) }, 'discord: interaction failed');
 */
export function errorForLog(error: unknown, secrets: readonly string[] = []): Record<string, unknown> {
  const e = error instanceof Error ? error : new Error(String(error));
  const scrub = (text: string): string =>
    secrets.reduce((t, secret) => (secret === '' ? t : t.replaceAll(secret, '[redacted]')), text);
  const extra = error as { code?: unknown; status?: unknown; url?: unknown; config?: unknown; data?: unknown };
  const isRequest = typeof extra.url === 'string' || extra.config !== undefined || extra.data !== undefined;
  return {
    type: e.name,
    message: scrub(forLog(e.message, 300)),
    ...(typeof extra.code === 'number' || typeof extra.code === 'string' ? { code: extra.code } : {}),
    ...(typeof extra.status === 'number' ? { status: extra.status } : {}),
    ...(isRequest || e.stack === undefined ? {} : { stack: scrub(e.stack) }),
  };
}
