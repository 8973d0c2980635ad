import { CORE_VARIABLES, parseConfig as parseWith, type ConfigOf, type ConfigVariables } from '../src/config.js';
import { REDACT_PATHS as CORE_REDACT_PATHS, secretPaths } from '../src/logger.js';
import { PLATFORMS } from './registry.js';

export { ConfigError } from '../src/config.js';

/** The parsed configuration: the core's and every registered platform's variables. */
export type Config = ConfigOf<typeof PLATFORMS>;

/** Every variable the bot reads: the core's, then each platform's in registry order. */
export const CONFIG_VARIABLES: ConfigVariables = Object.assign(
  {},
  CORE_VARIABLES,
  ...PLATFORMS.map((p) => p.variables),
) as ConfigVariables;

/**
 * Reads the configuration of the core and every registered platform from an
 * environment, once, at the edge.
 *
 * @throws ConfigError listing every problem, each with its fix
 * @example
 * const config = parseConfig(process.env);
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  return parseWith(env, PLATFORMS);
}

/**
 * Which platforms a configuration turns on, and in which mode.
 *
 * @example
 * platformsOf(parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })) // { slack: 'socket' }
 */
export function platformsOf(config: Config): Record<string, string> {
  const on: Record<string, string> = {};
  for (const p of PLATFORMS) {
    const mode = p.mode(config);
    if (mode !== undefined) on[p.name] = mode;
  }
  return on;
}

/**
 * Field paths the process logger blanks out: the core's, every platform
 * variable marked secret (as a field of that name), and each platform's own
 * credential-bearing fields.
 */
export const REDACT_PATHS: readonly string[] = [
  ...new Set([...CORE_REDACT_PATHS, ...secretPaths(CONFIG_VARIABLES), ...PLATFORMS.flatMap((p) => p.logFields ?? [])]),
];
